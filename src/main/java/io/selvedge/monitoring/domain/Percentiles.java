package io.selvedge.monitoring.domain;

import java.util.Arrays;

/** Exact nearest-rank percentiles: p99 of 50 samples is the largest of them, never an interpolation. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code percent}-th percentile (1..100) of the first {@code count} samples, or null when there are none. */
    public static Long of(long[] samples, int count, int percent) {
        if (count == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return ofSorted(sorted, count, percent);
    }

    /** As {@link #of} for samples already sorted ascending. */
    public static Long ofSorted(long[] sorted, int count, int percent) {
        if (count == 0) {
            return null;
        }
        int rank = (int) ((percent * (long) count + 99) / 100);
        return sorted[Math.max(rank, 1) - 1];
    }
}
