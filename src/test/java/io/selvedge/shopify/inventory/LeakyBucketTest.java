package io.selvedge.shopify.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeakyBucketTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void waitsForTheRestoreRateOnceDrained() {
        LeakyBucket bucket = new LeakyBucket(100, 50, now::get);
        assertThat(bucket.nanosUntil(100)).isZero();
        bucket.take(100);
        assertThat(bucket.nanosUntil(25)).isEqualTo(500_000_000L);
        now.addAndGet(500_000_000L);
        assertThat(bucket.nanosUntil(25)).isZero();
        now.addAndGet(10_000_000_000L);
        assertThat(bucket.available()).as("never above its size").isEqualTo(100);
    }

    @Test
    void takesTheFiguresAnAnswerStates() {
        LeakyBucket bucket = new LeakyBucket(1000, 50, now::get);
        bucket.sync(2000, 10, 100);
        assertThat(bucket.capacity()).isEqualTo(2000);
        assertThat(bucket.restoreRate()).isEqualTo(100);
        assertThat(bucket.nanosUntil(60)).isEqualTo(500_000_000L);
        assertThat(LeakyBucket.secondsUntil(26, 1, 50)).isEqualTo(0.5);
    }

    @Test
    void learnsTheCostOfACallBySize() {
        CostModel costs = new CostModel(10);
        assertThat(costs.estimate("set", 250)).isEqualTo(10);
        costs.observe("set", 250, 26);
        assertThat(costs.estimate("set", 250)).isEqualTo(26);
        assertThat(costs.estimate("set", 125)).isEqualTo(13);
        costs.observe("set", 100, 11);
        assertThat(costs.estimate("set", 200)).isEqualTo(21);
        assertThat(costs.estimate("set", 10)).isEqualTo(2);
        assertThat(costs.estimate("read", 10)).as("per operation").isEqualTo(10);
    }
}
