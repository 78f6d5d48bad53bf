package io.selvedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class GroupCommitIntegrationTest extends IntegrationTest {

    @Autowired
    WriteTransactions writes;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    void concurrentWritesShareCommitsAndAFailingOneDoesNotTakeItsNeighboursDown() throws Exception {
        String scope = unique("group");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            results.add(pool.submit(() -> writes.write(() -> {
                jdbc.sql("INSERT INTO idempotency_conflict (scope, idem_key, body_hash, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")
                        .params(scope, "k" + n, "x".repeat(64)).update();
                if (n % 100 == 7) {
                    throw new IllegalStateException("work " + n + " fails after writing");
                }
                return n;
            })));
        }
        int failed = 0;
        for (Future<Integer> result : results) {
            try {
                result.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).hasMessageContaining("fails after writing");
                failed++;
            }
        }
        pool.shutdown();
        assertThat(failed).isEqualTo(4);
        long rows = jdbc.sql("SELECT COUNT(*) FROM idempotency_conflict WHERE scope = ?").param(scope).query(Long.class).single();
        assertThat(rows).as("every successful write committed, no failed one did").isEqualTo(396);
        var sizes = meters.find("selvedge.write.group.size").summary();
        assertThat(sizes).isNotNull();
        assertThat(sizes.max()).as("writes waiting together are committed together").isGreaterThan(1);
    }

    @Test
    void aWriteIsVisibleToOthersAsSoonAsItReturns() {
        String scope = unique("visible");
        writes.write(() -> jdbc.sql("INSERT INTO idempotency_conflict (scope, idem_key, body_hash, created_at) VALUES (?, 'k', ?, CURRENT_TIMESTAMP)")
                .params(scope, "y".repeat(64)).update());
        long rows = jdbc.sql("SELECT COUNT(*) FROM idempotency_conflict WHERE scope = ?").param(scope).query(Long.class).single();
        assertThat(rows).isEqualTo(1);
    }
}
