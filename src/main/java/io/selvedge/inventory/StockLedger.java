package io.selvedge.inventory;

import java.time.Instant;
import java.util.List;

/**
 * How other modules post stock effects. Every method must be called inside a write
 * ({@link io.selvedge.shared.WriteTransactions#write}); each is a balanced ledger transfer (DESIGN invariant 1)
 * that updates balances and availability and emits {@code availability.changed} in the same transaction.
 * {@code movementId} is unique per posting; posting the same id twice has the effect of once.
 */
public interface StockLedger {

    /**
     * A completed store sale: units go from the location's on-hand to the customer (or, for an employee
     * purchase, the employee account). Never refused for lack of stock: the location may go negative, and
     * such SKUs come back as oversells.
     */
    StockEffect sell(String movementId, String location, List<StockLine> lines, Instant occurredAt, boolean employee);

    /** Reverses a sale posted under {@code originalMovementId} (a void): the units return to the location's on-hand. */
    StockEffect reverseSale(String movementId, String originalMovementId, Instant occurredAt);

    /**
     * A channel order (web, wholesale). With a reservation id, the order consumes that reservation (its holds are
     * posted); without, it takes from the channel's pool of locations and is refused, holding nothing, when short.
     */
    ChannelSaleOutcome sellFromChannel(String movementId, String channel, String reservationId, List<StockLine> lines, Instant occurredAt);

    /**
     * A customer return taken in at {@code location}: each line comes back from the customer (or the employee account)
     * into the location's on-hand, or straight into {@code damaged}, so the unit is in exactly one place afterwards.
     */
    StockEffect takeBack(String movementId, String location, List<ReturnedStock> lines, Instant occurredAt);

    /** Reverses a return posted under {@code originalMovementId} (a void of the return): the units go back out, once. */
    StockEffect reverseTakeBack(String movementId, String originalMovementId, Instant occurredAt);
}
