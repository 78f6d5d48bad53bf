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
 * The janitor for parked returns. An original normally posts its waiting returns in its own write; but when another
 * hub instance parked a return while this one recorded its original (neither saw the other's row yet), the return
 * would wait for nothing. This looks (a cheap read) every interval and posts those.
 */
@Component
class ParkedReturnSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParkedReturnSweep.class);
    private static final int BATCH = 100;

    private final Returns returns;
    private final WriteTransactions writes;
    private final PeriodicJob job;

    ParkedReturnSweep(Returns returns, WriteTransactions writes, @Value("${selvedge.sales.parked-sweep-interval:30s}") Duration interval,
                      io.selvedge.shared.Leases leases) {
        this.returns = returns;
        this.writes = writes;
        this.job = new PeriodicJob("selvedge-parked-returns", interval, this::sweep, leases);
    }

    void sweep() {
        try {
            while (returns.anyReady()) {
                int posted = writes.write(() -> returns.applyReady(BATCH));
                log.info("event=returns.parked-swept count={}", posted);
                if (posted < BATCH) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=returns.parked-sweep-failed error={}", e.toString());
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
