package io.selvedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.shared.Leases;
import io.selvedge.testing.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two "instances" (two lease keepers with ids of their own) on the test database: one holds, the other takes over. */
class LeasesIntegrationTest extends IntegrationTest {

    private static final Duration TTL = Duration.ofMillis(600);

    @Autowired
    JdbcClient jdbc;

    @Test
    void oneInstanceHoldsAStandingLeaseAndAnotherTakesItOverWhenTheHolderDies() throws Exception {
        String name = unique("job");
        JdbcLeases a = new JdbcLeases(jdbc, TTL, unique("a"));
        JdbcLeases b = new JdbcLeases(jdbc, TTL, unique("b"));
        try {
            Leases.Lease ofA = a.standing(name);
            Leases.Lease ofB = b.standing(name);
            assertThat(ofA.held()).isTrue();
            assertThat(ofB.held()).isFalse();
            Leases.Fence before = ofA.fence();

            a.abandon(); // a dies without a word
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!ofB.held() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(ofB.held()).as("taken over").isTrue();
            assertThat(ofA.held()).as("the dead holder's own view ran out first").isFalse();
            assertThat(ofB.fence().token()).isGreaterThan(before.token());
            assertThat(fenced(before)).as("a write under the old fence").isZero();
            assertThat(fenced(ofB.fence())).isEqualTo(1);
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aLeaseTakenForOneRunIsRefusedToOthersUntilReleased() {
        String name = unique("catalog.import:I");
        JdbcLeases a = new JdbcLeases(jdbc, TTL, unique("a"));
        JdbcLeases b = new JdbcLeases(jdbc, TTL, unique("b"));
        try {
            Leases.Lease ofA = a.tryAcquire(name).orElseThrow();
            assertThat(b.tryAcquire(name)).isEmpty();
            ofA.release();
            assertThat(ofA.held()).isFalse();
            Leases.Lease ofB = b.tryAcquire(name).orElseThrow();
            assertThat(ofB.fence().token()).isGreaterThan(ofA.fence().token());
            assertThat(fenced(ofA.fence())).isZero();
        } finally {
            a.close();
            b.close();
        }
    }

    private long fenced(Leases.Fence fence) {
        return jdbc.sql("SELECT COUNT(*) FROM instance_lease WHERE name = :fenceName AND " + Leases.Fence.SQL).params(fence.params()).query(Long.class).single();
    }
}
