package io.selvedge.transfers;

import io.selvedge.shared.Janitor;
import io.selvedge.shared.Leases;
import io.selvedge.shared.WriteTransactions;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The janitor for parked transfer receipts. A shipment normally receives the receipt that waited for it in its own
 * write; but when another hub instance parked the receipt while this one recorded the shipment (neither saw the
 * other's row yet), it would wait for nothing. This looks (a cheap read) every interval and receives those.
 */
@Component
class ParkedReceiptSweep extends Janitor {

    private final Transfers transfers;
    private final WriteTransactions writes;

    ParkedReceiptSweep(Transfers transfers, WriteTransactions writes, @Value("${selvedge.transfers.parked-sweep-interval:30s}") Duration interval,
                       Leases leases) {
        super("selvedge-parked-receipts", interval, leases, 100, "transfers.receipts-parked-swept", "transfers.receipts-parked-sweep-failed");
        this.transfers = transfers;
        this.writes = writes;
    }

    @Override
    protected boolean anyDue() {
        return transfers.anyReady();
    }

    @Override
    protected int handleDue(int limit) {
        return writes.write(() -> transfers.applyReady(limit));
    }
}
