package io.selvedge.sales;

import io.selvedge.shared.Janitor;
import io.selvedge.shared.Leases;
import io.selvedge.shared.WriteTransactions;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The janitor for parked returns and voids. An original normally posts what waits for it in its own write; but when
 * another hub instance parked a return or void while this one recorded its original (neither saw the other's row yet),
 * it would wait for nothing. This looks (a cheap read) every interval and posts those.
 */
@Component
class ParkedTransactionSweep extends Janitor {

    private final Sales sales;
    private final WriteTransactions writes;

    ParkedTransactionSweep(Sales sales, WriteTransactions writes, @Value("${selvedge.sales.parked-sweep-interval:30s}") Duration interval,
                           Leases leases) {
        super("selvedge-parked-transactions", interval, leases, 100, "transactions.parked-swept", "transactions.parked-sweep-failed");
        this.sales = sales;
        this.writes = writes;
    }

    @Override
    protected boolean anyDue() {
        return sales.anyReady();
    }

    @Override
    protected int handleDue(int limit) {
        return writes.write(() -> sales.applyReady(limit));
    }
}
