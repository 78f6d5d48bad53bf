package io.selvedge.sales;

import io.selvedge.shared.WriteTransactions;
import io.selvedge.shared.PeriodicJob;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The janitor for parked returns and voids. An original normally posts what waits for it in its own write; but when
 * another hub instance parked a return or void while this one recorded its original (neither saw the other's row yet),
 * it would wait for nothing. This looks (a cheap read) every interval and posts those.
 */
@Component
class ParkedTransactionSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParkedTransactionSweep.class);
    private static final int BATCH = 100;

    private final Sales sales;
    private final WriteTransactions writes;
    private final PeriodicJob job;

    ParkedTransactionSweep(Sales sales, WriteTransactions writes, @Value("${selvedge.sales.parked-sweep-interval:30s}") Duration interval,
                           io.selvedge.shared.Leases leases) {
        this.sales = sales;
        this.writes = writes;
        this.job = new PeriodicJob("selvedge-parked-transactions", interval, this::sweep, leases);
    }

    void sweep() {
        try {
            while (sales.anyReady()) {
                int posted = writes.write(() -> sales.applyReady(BATCH));
                log.info("event=transactions.parked-swept count={}", posted);
                if (posted < BATCH) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=transactions.parked-sweep-failed error={}", e.toString());
        }
    }

    @Override
    public void start() {
        job.start();
    }

    @Override
    public void stop() {
        job.stop();
    }

    @Override
    public boolean isRunning() {
        return job.isRunning();
    }
}
