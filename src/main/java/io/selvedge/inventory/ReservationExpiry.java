package io.selvedge.inventory;

import io.selvedge.shared.WriteTransactions;
import io.selvedge.shared.Leases;
import io.selvedge.shared.PeriodicJob;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The janitor that releases reservations whose TTL has passed. It looks (a cheap read) every interval and
 * writes only when something is due; an order that meets an expired reservation first voids it itself.
 */
@Component
class ReservationExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReservationExpiry.class);
    private static final int BATCH = 200;

    private final StockHolds holds;
    private final WriteTransactions writes;
    private final PeriodicJob job;

    ReservationExpiry(StockHolds holds, WriteTransactions writes, @Value("${selvedge.inventory.expiry-interval:1s}") Duration interval,
                      Leases leases) {
        this.holds = holds;
        this.writes = writes;
        this.job = new PeriodicJob("selvedge-reservation-expiry", interval, this::sweep, leases);
    }

    void sweep() {
        try {
            while (holds.anyDue()) {
                int expired = writes.write(() -> holds.expireDue(BATCH));
                if (expired > 0) {
                    log.info("event=inventory.reservations-expired count={}", expired);
                }
                if (expired < BATCH) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=inventory.expiry-failed error={}", e.toString());
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
