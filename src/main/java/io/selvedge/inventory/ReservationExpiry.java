package io.selvedge.inventory;

import io.selvedge.shared.Janitor;
import io.selvedge.shared.Leases;
import io.selvedge.shared.WriteTransactions;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The janitor that releases reservations whose TTL has passed. It looks (a cheap read) every interval and
 * writes only when something is due; an order that meets an expired reservation first voids it itself.
 */
@Component
class ReservationExpiry extends Janitor {

    private final StockHolds holds;
    private final WriteTransactions writes;

    ReservationExpiry(StockHolds holds, WriteTransactions writes, @Value("${selvedge.inventory.expiry-interval:1s}") Duration interval,
                      Leases leases) {
        super("selvedge-reservation-expiry", interval, leases, 200, "inventory.reservations-expired", "inventory.expiry-failed");
        this.holds = holds;
        this.writes = writes;
    }

    @Override
    protected boolean anyDue() {
        return holds.anyDue();
    }

    @Override
    protected int handleDue(int limit) {
        return writes.write(() -> holds.expireDue(limit));
    }
}
