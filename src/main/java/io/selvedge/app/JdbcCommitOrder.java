package io.selvedge.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.selvedge.shared.CommitOrder;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link CommitOrder} as a row lock on the one row of {@code commit_order} (portable: H2 and PostgreSQL), taken once per
 * transaction and released by its commit or rollback. With one instance nobody waits for it; the
 * {@code selvedge.write.commit.order.wait} timer shows how long transactions waited for another instance's.
 */
final class JdbcCommitOrder implements CommitOrder {

    private final JdbcClient jdbc;
    private final Timer waits;

    JdbcCommitOrder(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.waits = Timer.builder("selvedge.write.commit.order.wait")
                .description("time to take the commit-order lock (waiting for another instance's transaction to commit)")
                .register(meters);
    }

    @Override
    public void enter() {
        if (!TransactionSynchronizationManager.isSynchronizationActive() || TransactionSynchronizationManager.hasResource(this)) {
            return; // no transaction (a single statement orders itself), or the lock is already held
        }
        long started = System.nanoTime();
        jdbc.sql("SELECT id FROM commit_order WHERE id = 1 FOR UPDATE").query(Integer.class).single();
        waits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(JdbcCommitOrder.this);
            }
        });
    }
}
