package io.selvedge.transfers;

import io.selvedge.shared.WriteTransactions;
import io.selvedge.shared.PeriodicJob;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The janitor for parked transfer receipts. A shipment normally receives the receipt that waited for it in its own
 * write; but when another hub instance parked the receipt while this one recorded the shipment (neither saw the
 * other's row yet), it would wait for nothing. This looks (a cheap read) every interval and receives those.
 */
@Component
class ParkedReceiptSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParkedReceiptSweep.class);
    private static final int BATCH = 100;

    private final Transfers transfers;
    private final WriteTransactions writes;
    private final PeriodicJob job;

    ParkedReceiptSweep(Transfers transfers, WriteTransactions writes, @Value("${selvedge.transfers.parked-sweep-interval:30s}") Duration interval,
                       io.selvedge.shared.Leases leases) {
        this.transfers = transfers;
        this.writes = writes;
        this.job = new PeriodicJob("selvedge-parked-receipts", interval, this::sweep, leases);
    }

    void sweep() {
        try {
            while (transfers.anyReady()) {
                int posted = writes.write(() -> transfers.applyReady(BATCH));
                log.info("event=transfers.receipts-parked-swept count={}", posted);
                if (posted < BATCH) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=transfers.receipts-parked-sweep-failed error={}", e.toString());
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
