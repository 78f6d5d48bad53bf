package io.selvedge.monitoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Lag per minute over the last hours, for the dashboard's chart. Each minute keeps its count, its maximum
 * and a uniform reservoir of at most {@code reservoir} samples: exact percentiles for quiet minutes, a fair
 * estimate for a busy one, and bounded memory either way.
 */
public final class LagHistory {

    /** One minute of the chart. */
    public record Point(Instant minute, long count, long p50Ms, long p99Ms, long maxMs) {
    }

    private static final class Bucket {
        long count;
        long max;
        long[] kept;
        int size;

        Bucket(int reservoir) {
            kept = new long[Math.min(reservoir, 16)];
        }
    }

    private final TreeMap<Long, Bucket> minutes = new TreeMap<>();
    private final int reservoir;
    private final SplittableRandom random = new SplittableRandom(7);

    public LagHistory(int reservoir) {
        this.reservoir = reservoir;
    }

    public void add(Instant at, long ms) {
        long value = Math.max(ms, 0);
        Bucket bucket = minutes.computeIfAbsent(at.getEpochSecond() / 60, m -> new Bucket(reservoir));
        bucket.count++;
        bucket.max = Math.max(bucket.max, value);
        if (bucket.size < reservoir) {
            if (bucket.size == bucket.kept.length) {
                bucket.kept = Arrays.copyOf(bucket.kept, Math.min(reservoir, bucket.kept.length * 2));
            }
            bucket.kept[bucket.size++] = value;
        } else {
            long slot = random.nextLong(bucket.count);
            if (slot < reservoir) {
                bucket.kept[(int) slot] = value;
            }
        }
    }

    /** Drops minutes older than {@code keep} before {@code now}. */
    public void prune(Instant now, Duration keep) {
        minutes.headMap(now.minus(keep).getEpochSecond() / 60).clear();
    }

    /** The minutes with samples in {@code [now - span, now]}, oldest first. */
    public List<Point> points(Instant now, Duration span) {
        long from = now.minus(span).getEpochSecond() / 60;
        long to = now.getEpochSecond() / 60;
        List<Point> points = new ArrayList<>();
        for (Map.Entry<Long, Bucket> entry : minutes.subMap(from, true, to, true).entrySet()) {
            Bucket b = entry.getValue();
            long[] sorted = Arrays.copyOf(b.kept, b.size);
            Arrays.sort(sorted);
            points.add(new Point(Instant.ofEpochSecond(entry.getKey() * 60), b.count,
                    Percentiles.ofSorted(sorted, b.size, 50), Percentiles.ofSorted(sorted, b.size, 99), b.max));
        }
        return points;
    }
}
