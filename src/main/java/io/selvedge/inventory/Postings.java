package io.selvedge.inventory;

import io.selvedge.inventory.domain.Account;
import io.selvedge.inventory.domain.BalanceDelta;
import io.selvedge.inventory.domain.Entry;
import io.selvedge.inventory.domain.Figures;
import io.selvedge.inventory.jdbc.JdbcLedger;
import io.selvedge.shared.CommitOrder;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Posts a movement: its header, its immutable entries, the balances they change, and every availability row
 * that changed as a result, each with a new sequence, a change row and an {@code availability.changed} event,
 * all in the caller's write (DESIGN invariants 1 and 2).
 */
@Component
class Postings {

    static final String AVAILABILITY_CHANGED = "availability.changed";

    private final JdbcLedger ledger;
    private final Outbox outbox;
    private final Clock clock;
    private final CommitOrder commitOrder;

    Postings(JdbcLedger ledger, Outbox outbox, Clock clock, CommitOrder commitOrder) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
        this.commitOrder = commitOrder;
    }

    /** What a posting did: the ids of its entries, the highest sequence it wrote (0 if none), and the rows now. */
    record Posted(List<Long> entryIds, long sequence, Map<String, Map<String, AvailabilityRow>> rows) {

        /** The current row of a location and SKU the movement touched (or read). */
        AvailabilityRow row(String location, String sku) {
            return rows.getOrDefault(location, Map.of()).get(sku);
        }
    }

    Posted post(JdbcLedger.Movement movement, List<Entry> entries) {
        // Availability sequences go back to the caller (the 201 body, the row, the event) inside the transaction, so
        // they cannot wait for the commit to be taken: the commit-order lock is taken here, before this write locks
        // any balance, and held to the commit, so sequences commit in order across instances (docs/instances.md).
        commitOrder.enter();
        Instant now = clock.instant();
        ledger.insertMovement(movement, now);
        List<Long> ids = ledger.insertEntries(movement.movementId(), entries, movement.occurredAt());
        ledger.applyBalances(BalanceDelta.combine(entries));

        // the (location, SKU) rows whose figures the entries may have moved
        Map<String, Set<String>> touched = new LinkedHashMap<>();
        for (Entry entry : entries) {
            for (Account account : List.of(entry.transfer().from(), entry.transfer().to())) {
                if (account.location() != null) {
                    touched.computeIfAbsent(account.location(), l -> new LinkedHashSet<>()).add(entry.transfer().sku());
                }
            }
        }
        // every changed row in one batch of changes and one of row writes, sequences in the order rows are visited
        List<JdbcLedger.Change> changes = new java.util.ArrayList<>();
        List<AvailabilityRow> befores = new java.util.ArrayList<>();
        Map<String, Map<String, AvailabilityRow>> rows = new HashMap<>();
        for (Map.Entry<String, Set<String>> at : touched.entrySet()) {
            String location = at.getKey();
            JdbcLedger.FiguresAndRows read = ledger.figuresAndRows(location, at.getValue());
            Map<String, Figures> figures = read.figures();
            Map<String, AvailabilityRow> current = read.rows();
            Map<String, AvailabilityRow> after = rows.computeIfAbsent(location, l -> new HashMap<>());
            for (String sku : at.getValue()) {
                Figures f = figures.getOrDefault(sku, Figures.NONE);
                AvailabilityRow before = current.get(sku);
                long available = f.available(); // a location broadcasts with no buffer
                if (before != null && before.onHand() == f.onHand() && before.allocated() == f.allocated()
                        && before.inTransit() == f.inTransit() && before.available() == available) {
                    after.put(sku, before);
                    continue;
                }
                changes.add(new JdbcLedger.Change(location, sku, f, available));
                befores.add(before);
            }
        }
        List<Long> sequences = ledger.appendChanges(changes, movement.movementId(), now);
        List<AvailabilityRow> existing = new java.util.ArrayList<>();
        List<AvailabilityRow> created = new java.util.ArrayList<>();
        List<OutgoingEvent> events = new java.util.ArrayList<>();
        long last = 0;
        for (int i = 0; i < changes.size(); i++) {
            JdbcLedger.Change c = changes.get(i);
            long sequence = sequences.get(i);
            AvailabilityRow row = new AvailabilityRow(c.sku(), c.location(), c.figures().onHand(), c.figures().allocated(),
                    c.figures().inTransit(), c.available(), sequence);
            (befores.get(i) != null ? existing : created).add(row);
            events.add(new OutgoingEvent(AVAILABILITY_CHANGED, c.location() + "|" + c.sku(), c.location(), movement.occurredAt(), row.toMap()));
            rows.get(c.location()).put(c.sku(), row);
            last = Math.max(last, sequence);
        }
        ledger.writeRows(existing, created);
        outbox.appendAll(events);
        return new Posted(ids, last, rows);
    }
}
