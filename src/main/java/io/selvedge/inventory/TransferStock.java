package io.selvedge.inventory;

import io.selvedge.contract.Contract;
import io.selvedge.inventory.domain.Entry;
import io.selvedge.inventory.domain.MovementKind;
import io.selvedge.inventory.domain.Shipments;
import io.selvedge.inventory.jdbc.JdbcLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The stock side of store-to-store transfers, for the transfers module. A shipment moves units from the origin's
 * on-hand into the destination's in-transit (so the destination's availability row shows them coming); a receipt
 * moves what arrived into the destination's on-hand, what did not into {@code shrink_in_transit}, and units beyond
 * the shipment come from {@code found}. Each is one balanced posting (DESIGN invariant 1) with its availability
 * changes and events (invariant 2), under a movement id derived from the transfer's reference, so posting it again
 * has the effect of once. Every method runs inside the caller's write.
 */
@Service
public class TransferStock {

    private static final Logger log = LoggerFactory.getLogger(TransferStock.class);

    private final Postings postings;
    private final JdbcLedger ledger;
    private final Contract contract;
    private final Clock clock;

    TransferStock(Postings postings, JdbcLedger ledger, Contract contract, Clock clock) {
        this.postings = postings;
        this.ledger = ledger;
        this.contract = contract;
        this.clock = clock;
    }

    /** The ledger movement of a transfer's shipment; ':' never appears in a client's id, so it cannot collide with one. */
    public static String shipmentMovementId(String transferRef) {
        return "transfer:" + transferRef + ":ship";
    }

    public static String receiptMovementId(String transferRef) {
        return "transfer:" + transferRef + ":receive";
    }

    /**
     * Ships {@code lines} from {@code from} to {@code to}. Never refused for lack of stock: like a store sale, the
     * origin may go below zero, and the SKUs that took more than was available there come back as oversells (and are
     * listed with the other oversells).
     */
    public StockEffect ship(String transferRef, String from, String to, List<StockLine> lines, Instant occurredAt) {
        Objects.requireNonNull(occurredAt, "occurredAt");
        String movementId = shipmentMovementId(transferRef);
        if (ledger.movementExists(movementId)) {
            return new StockEffect(ledger.lastSequenceOf(movementId), ledger.oversoldSkus(movementId));
        }
        requireLocations(from, to);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a shipment ships at least one line");
        }
        Map<String, Long> shipped = perSku(lines);
        Postings.Posted posted = postings.post(new JdbcLedger.Movement(movementId, MovementKind.TRANSFER_SHIP, from, null, null, null,
                "transfer " + transferRef + " to " + to, occurredAt), Shipments.ship(from, to, shipped).stream().map(Entry::posted).toList());
        List<String> oversold = new ArrayList<>();
        shipped.forEach((sku, quantity) -> {
            AvailabilityRow row = posted.row(from, sku);
            long sellable = row.onHand() - row.allocated();
            if (sellable < 0) {
                // DESIGN: a shipment that left is a fact, like a sale; flagged when it took units that were not available
                ledger.recordOversell(movementId, from, sku, Math.min(quantity, -sellable), row.onHand(), occurredAt, clock.instant());
                oversold.add(sku);
                log.info("event=inventory.transfer-oversell location={} sku={} movement={} onHand={}", from, sku, movementId, row.onHand());
            }
        });
        return new StockEffect(posted.sequence(), List.copyOf(oversold));
    }

    /**
     * Receives at {@code to} what arrived of a shipment: {@code shipped} is what the shipment took out, {@code received}
     * what was counted in (a SKU absent from it did not arrive; one absent from {@code shipped} came extra).
     */
    public StockEffect receive(String transferRef, String from, String to, List<StockLine> shipped, List<StockLine> received,
                               Instant occurredAt) {
        Objects.requireNonNull(occurredAt, "occurredAt");
        String movementId = receiptMovementId(transferRef);
        if (ledger.movementExists(movementId)) {
            return new StockEffect(ledger.lastSequenceOf(movementId), List.of());
        }
        requireLocations(from, to);
        List<Entry> entries = Shipments.receive(to, perSku(shipped), perSku(received)).stream().map(Entry::posted).toList();
        Postings.Posted posted = postings.post(new JdbcLedger.Movement(movementId, MovementKind.TRANSFER_RECEIVE, to, null, null, null,
                "transfer " + transferRef + " from " + from, occurredAt), entries);
        return new StockEffect(posted.sequence(), List.of());
    }

    private void requireLocations(String from, String to) {
        if (contract.location(from).isEmpty() || contract.location(to).isEmpty()) {
            throw new IllegalArgumentException("unknown location " + (contract.location(from).isEmpty() ? from : to));
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a transfer goes between two locations, not " + from + " twice");
        }
    }

    private static Map<String, Long> perSku(List<StockLine> lines) {
        Map<String, Long> sums = new LinkedHashMap<>();
        lines.forEach(l -> sums.merge(l.sku(), l.quantity(), Math::addExact));
        return sums;
    }
}
