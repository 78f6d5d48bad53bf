package io.selvedge.inventory;

import io.selvedge.inventory.domain.Account;
import io.selvedge.inventory.domain.Drifts;
import io.selvedge.inventory.domain.Movements;
import io.selvedge.inventory.jdbc.JdbcLedgerHistory;
import io.selvedge.inventory.jdbc.JdbcPosSnapshots;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Stores that run a POS keeping its own stock (the field's "pattern 2") report what it says they hold, as of a
 * moment. The hub keeps these snapshots beside its ledger and never applies them to it (the ledger stays the one
 * master, DESIGN); it reports drift instead: per location and SKU, the POS's figure against the ledger's on-hand as
 * of the same moment, with the movements dated after it that may explain the difference.
 */
@Service
public class PosSnapshots {

    /** At most this many later movements are listed per drifting SKU. */
    static final int MOVEMENTS_LISTED = 50;

    private final JdbcPosSnapshots snapshots;
    private final JdbcLedgerHistory history;
    private final Clock clock;

    PosSnapshots(JdbcPosSnapshots snapshots, JdbcLedgerHistory history, Clock clock) {
        this.snapshots = snapshots;
        this.history = history;
        this.clock = clock;
    }

    /** A validated snapshot: the POS's on-hand figure per SKU (zero or more) at {@code location} as of {@code asOf}. */
    public record RecordPosSnapshot(String location, Instant asOf, List<Movements.Line> lines, String reportedBy) {

        public RecordPosSnapshot {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(asOf, "asOf");
            Objects.requireNonNull(reportedBy, "reportedBy");
            lines = List.copyOf(lines);
        }
    }

    /** What was stored: how many SKUs the snapshot listed and how many of them differed from the ledger when it arrived. */
    public record Recorded(String location, Instant asOf, int skus, int drifting) {
    }

    /** A movement dated after the snapshot and its signed effect on the location's on-hand. */
    public record LaterMovement(String movementId, String type, Instant occurredAt, long onHandEffect) {
    }

    /**
     * One SKU where the POS and the ledger disagree as of {@code asOf}: {@code difference} is the POS's figure minus the
     * ledger's. {@code explainedBy} names the oldest later movements that add up to the difference (empty if none do).
     */
    public record Drift(String location, String sku, Instant asOf, long posOnHand, long ledgerOnHand, long ledgerOnHandNow,
                        List<LaterMovement> movementsAfter, List<String> explainedBy) {

        public long difference() {
            return posOnHand - ledgerOnHand;
        }
    }

    /** Stores a snapshot; runs inside the caller's (idempotent) write. Nothing is posted to the ledger. */
    public Recorded record(RecordPosSnapshot command) {
        snapshots.insert(command.location(), command.asOf(), command.reportedBy(), clock.instant(), command.lines());
        List<JdbcPosSnapshots.Reported> reported = command.lines().stream()
                .map(l -> new JdbcPosSnapshots.Reported(command.location(), command.asOf(), l.sku(), l.quantity()))
                .toList();
        return new Recorded(command.location(), command.asOf(), command.lines().size(), drifts(reported, false).size());
    }

    /**
     * Drift per location and SKU against the POS's latest figure for it (a POS may report a store in parts), of one
     * location or all reported, of one SKU or all; SKUs where the POS and the ledger agree are left out.
     */
    public List<Drift> drift(String location, String sku) {
        return drifts(snapshots.latestPerSku(location, sku), true);
    }

    private List<Drift> drifts(List<JdbcPosSnapshots.Reported> reported, boolean explain) {
        // one read of the balances and one of the later changes per (location, moment), not per SKU
        Map<String, Map<Instant, List<JdbcPosSnapshots.Reported>>> grouped = new TreeMap<>();
        reported.forEach(r -> grouped.computeIfAbsent(r.location(), l -> new TreeMap<>())
                .computeIfAbsent(r.asOf(), a -> new ArrayList<>()).add(r));
        List<Drift> drifts = new ArrayList<>();
        grouped.forEach((location, byMoment) -> {
            Map<String, Long> now = history.posted(Account.onHand(location), reported.stream()
                    .filter(r -> r.location().equals(location)).map(JdbcPosSnapshots.Reported::sku).toList());
            List<Drift> here = new ArrayList<>();
            byMoment.forEach((asOf, lines) -> {
                Map<String, Long> later = history.onHandChangeAfter(location, asOf);
                for (JdbcPosSnapshots.Reported line : lines) {
                    long current = now.getOrDefault(line.sku(), 0L);
                    long asOfSnapshot = current - later.getOrDefault(line.sku(), 0L);
                    if (line.quantity() != asOfSnapshot) {
                        here.add(drift(line, asOfSnapshot, current, explain));
                    }
                }
            });
            here.sort(Comparator.comparing(Drift::sku));
            drifts.addAll(here);
        });
        return drifts;
    }

    private Drift drift(JdbcPosSnapshots.Reported line, long ledgerOnHand, long ledgerOnHandNow, boolean explain) {
        List<LaterMovement> movements = !explain ? List.of()
                : history.movementsAfter(line.location(), line.sku(), line.asOf(), MOVEMENTS_LISTED).stream()
                        .map(m -> new LaterMovement(m.movementId(), m.kind().name(), m.occurredAt(), m.onHandEffect()))
                        .toList();
        int explaining = Drifts.explainingPrefix(line.quantity() - ledgerOnHand, movements.stream().map(LaterMovement::onHandEffect).toList());
        return new Drift(line.location(), line.sku(), line.asOf(), line.quantity(), ledgerOnHand, ledgerOnHandNow, movements,
                movements.subList(0, explaining).stream().map(LaterMovement::movementId).toList());
    }
}
