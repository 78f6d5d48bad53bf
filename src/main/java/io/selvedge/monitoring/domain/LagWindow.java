package io.selvedge.monitoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Lag samples (event time to the hub's commit) of the recent window, kept raw so p50 and p99 are exact.
 * At most {@code capacity} samples are kept: beyond it the oldest go first, and the percentiles are those
 * of the newest {@code capacity} samples of the window.
 */
public final class LagWindow {

    /** p50 and p99 in milliseconds over {@code count} samples; both null when there are none. */
    public record Lag(Long p50Ms, Long p99Ms, int count) {
    }

    private record Sample(Instant at, long ms) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final int capacity;

    public LagWindow(int capacity) {
        this.capacity = capacity;
    }

    public void add(Instant at, long ms) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(new Sample(at, Math.max(ms, 0)));
    }

    /** The percentiles of samples recorded in {@code (now - window, now]}; older ones are dropped. */
    public Lag over(Instant now, Duration window) {
        Instant from = now.minus(window);
        while (!samples.isEmpty() && !samples.peekFirst().at().isAfter(from)) {
            samples.removeFirst();
        }
        long[] values = new long[samples.size()];
        int n = 0;
        for (Sample sample : samples) {
            if (!sample.at().isAfter(now)) {
                values[n++] = sample.ms();
            }
        }
        Arrays.sort(values, 0, n);
        return new Lag(Percentiles.ofSorted(values, n, 50), Percentiles.ofSorted(values, n, 99), n);
    }
}
