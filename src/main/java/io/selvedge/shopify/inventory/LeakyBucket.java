package io.selvedge.shopify.inventory;

import java.util.function.LongSupplier;

/**
 * The client's picture of Shopify's cost-based rate limit: a bucket of {@code capacity} points that refills at
 * {@code restoreRate} points a second, from which each call takes its cost. Every answer states the real figures
 * ({@code extensions.cost.throttleStatus}), which replace the picture; between answers it refills by the clock.
 */
final class LeakyBucket {

    private final LongSupplier nanoTime;
    private double capacity;
    private double restoreRate;
    private double available;
    private long at;

    LeakyBucket(double capacity, double restoreRate, LongSupplier nanoTime) {
        if (capacity <= 0 || restoreRate <= 0) {
            throw new IllegalArgumentException("a bucket needs a positive size and restore rate");
        }
        this.nanoTime = nanoTime;
        this.capacity = capacity;
        this.restoreRate = restoreRate;
        this.available = capacity;
        this.at = nanoTime.getAsLong();
    }

    /** How long to wait before {@code cost} points are there (zero when they are), in nanoseconds. */
    synchronized long nanosUntil(double cost) {
        refill();
        double wanted = Math.min(cost, capacity);
        return available >= wanted ? 0 : (long) Math.ceil((wanted - available) / restoreRate * 1e9);
    }

    /** Takes {@code cost} points for a call about to be sent (may go below zero: the answer corrects it). */
    synchronized void take(double cost) {
        refill();
        available -= cost;
    }

    /** The figures an answer stated, as of now. */
    synchronized void sync(double maximumAvailable, double currentlyAvailable, double restoreRate) {
        if (maximumAvailable > 0) {
            this.capacity = maximumAvailable;
        }
        if (restoreRate > 0) {
            this.restoreRate = restoreRate;
        }
        this.available = Math.min(currentlyAvailable, this.capacity);
        this.at = nanoTime.getAsLong();
    }

    synchronized double available() {
        refill();
        return available;
    }

    synchronized double capacity() {
        return capacity;
    }

    synchronized double restoreRate() {
        return restoreRate;
    }

    /** Seconds until {@code cost} points are there, by the given figures (a throttled answer's advertised wait). */
    static double secondsUntil(double cost, double currentlyAvailable, double restoreRate) {
        return restoreRate <= 0 ? 1 : Math.max(0, (cost - currentlyAvailable) / restoreRate);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        available = Math.min(capacity, available + (now - at) / 1e9 * restoreRate);
        at = now;
    }
}
