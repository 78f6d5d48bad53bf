package io.selvedge.inventory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.contract.Contract;
import io.selvedge.inventory.domain.Account;
import io.selvedge.inventory.domain.ChannelPool;
import io.selvedge.inventory.domain.Entry;
import io.selvedge.inventory.domain.Figures;
import io.selvedge.inventory.domain.MovementKind;
import io.selvedge.inventory.domain.Movements;
import io.selvedge.inventory.domain.Transfer;
import io.selvedge.inventory.jdbc.JdbcLedger;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The hub's unit ledger: records movements as balanced transfers and posts the stock effects of sales for
 * other modules ({@link StockLedger}). Each posting keeps balances and availability in the same transaction
 * (DESIGN invariants 1 and 2); a movement id is posted once, a second posting returns the first effect.
 */
@Service
public class UnitLedger implements StockLedger {

    private static final Logger log = LoggerFactory.getLogger(UnitLedger.class);
    private static final String RETURN_REASON = "RETURN";
    private static final String RETURN_VOID_REASON = "RETURN VOIDED";

    private final Postings postings;
    private final JdbcLedger ledger;
    private final StockHolds holds;
    private final Contract contract;
    private final WriteTransactions writes;
    private final Clock clock;

    UnitLedger(Postings postings, JdbcLedger ledger, StockHolds holds, Contract contract, WriteTransactions writes, Clock clock,
               MeterRegistry meters) {
        this.postings = postings;
        this.ledger = ledger;
        this.holds = holds;
        this.contract = contract;
        this.writes = writes;
        this.clock = clock;
        // Counted from the oversell rows, so a write re-run by group commit can never count twice.
        for (String location : contract.locations().keySet()) {
            FunctionCounter.builder("selvedge.inventory.oversells", ledger, l -> oversells(l, location))
                    .description("store sales that took more than was available to sell")
                    .tag("location", location)
                    .register(meters);
        }
    }

    /** Records a movement from the API; runs inside the caller's (idempotent) write. */
    public MovementRecorded record(RecordMovement command) {
        if (ledger.movementExists(command.movementId())) {
            throw new ProblemException(ErrorCode.STATE_CONFLICT, "movementId '" + command.movementId()
                    + "' is already taken by another kind of posting");
        }
        String location = command.location();
        List<Transfer> transfers = switch (command.kind()) {
            case RECEIPT -> Movements.receipt(location, command.lines());
            case DAMAGE -> Movements.damage(location, command.lines());
            case SAMPLE -> Movements.sample(location, command.lines());
            case ADJUSTMENT -> Movements.adjustment(location, command.lines());
            case COUNT -> Movements.count(location, command.lines(), onHandAsOf(location, command.lines(), command.occurredAt()));
            default -> throw new IllegalStateException(command.kind() + " is not an API movement");
        };
        Postings.Posted posted = postings.post(new JdbcLedger.Movement(command.movementId(), command.kind(), location, null, null, null,
                command.reason(), command.occurredAt()), transfers.stream().map(Entry::posted).toList());
        // the rows the posting touched are at hand; a count that matched the ledger touched none, so read those
        List<String> skus = command.lines().stream().map(Movements.Line::sku).toList();
        List<String> untouched = skus.stream().filter(sku -> posted.row(location, sku) == null).toList();
        Map<String, AvailabilityRow> read = untouched.isEmpty() ? Map.of() : ledger.rows(location, untouched);
        long sequence = 0;
        List<MovementRecorded.LineFigures> lines = new ArrayList<>();
        for (String sku : skus) {
            AvailabilityRow row = posted.row(location, sku) != null ? posted.row(location, sku) : read.get(sku);
            lines.add(new MovementRecorded.LineFigures(sku, row == null ? 0 : row.onHand(), row == null ? 0 : row.available()));
            sequence = Math.max(sequence, row == null ? 0 : row.sequence());
        }
        return new MovementRecorded(command.movementId(), Math.max(sequence, posted.sequence()), lines);
    }

    @Override
    public StockEffect sell(String movementId, String location, List<StockLine> lines, Instant occurredAt, boolean employee) {
        Objects.requireNonNull(movementId, "movementId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (contract.location(location).isEmpty()) {
            throw new IllegalArgumentException("unknown location " + location);
        }
        return writes.write(() -> {
            if (ledger.movementExists(movementId)) {
                return effectOf(movementId);
            }
            List<Movements.Line> sold = lines(lines);
            Postings.Posted posted = postings.post(new JdbcLedger.Movement(movementId, employee ? MovementKind.EMPLOYEE_SALE : MovementKind.SALE,
                    location, null, null, null, null, occurredAt), Movements.sale(location, sold, employee).stream().map(Entry::posted).toList());
            List<String> oversold = new ArrayList<>();
            ChannelPool.perSku(sold).forEach((sku, quantity) -> {
                AvailabilityRow row = posted.row(location, sku);
                long sellable = row.onHand() - row.allocated();
                if (sellable < 0) {
                    // DESIGN: a completed sale is a fact, never refused; flagged when it took units that were not available
                    ledger.recordOversell(movementId, location, sku, Math.min(quantity, -sellable), row.onHand(), occurredAt, clock.instant());
                    oversold.add(sku);
                    log.info("event=inventory.oversell location={} sku={} movement={} onHand={}", location, sku, movementId, row.onHand());
                }
            });
            return new StockEffect(posted.sequence(), List.copyOf(oversold));
        });
    }

    @Override
    public StockEffect reverseSale(String movementId, String originalMovementId, Instant occurredAt) {
        Objects.requireNonNull(movementId, "movementId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        return writes.write(() -> {
            if (ledger.movementExists(movementId)) {
                return effectOf(movementId);
            }
            JdbcLedger.Movement original = ledger.movement(originalMovementId)
                    .orElseThrow(() -> new IllegalArgumentException("no movement " + originalMovementId + " to reverse"));
            if (!List.of(MovementKind.SALE, MovementKind.EMPLOYEE_SALE, MovementKind.CHANNEL_SALE).contains(original.kind())) {
                throw new IllegalArgumentException(originalMovementId + " is a " + original.kind() + ", not a sale");
            }
            if (ledger.reversalOf(originalMovementId).isPresent()) {
                return new StockEffect(0, List.of()); // reversed once already: a second void moves nothing
            }
            List<Entry> entries = Movements.reversal(ledger.entriesOf(originalMovementId)).stream().map(Entry::posted).toList();
            Postings.Posted posted = postings.post(new JdbcLedger.Movement(movementId, MovementKind.SALE_REVERSAL, original.location(),
                    original.channel(), null, originalMovementId, null, occurredAt), entries);
            return new StockEffect(posted.sequence(), List.of());
        });
    }

    @Override
    public ChannelSaleOutcome sellFromChannel(String movementId, String channel, String reservationId, List<StockLine> lines, Instant occurredAt) {
        Objects.requireNonNull(movementId, "movementId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Contract.Channel pool = contract.channel(channel).orElseThrow(() -> new IllegalArgumentException("unknown channel " + channel));
        return writes.write(() -> {
            if (ledger.movementExists(movementId)) {
                return new ChannelSaleOutcome.Sold(effectOf(movementId));
            }
            Map<String, Long> perSku = ChannelPool.perSku(lines(lines));
            if (reservationId != null) {
                return holds.consume(reservationId, channel, perSku, movementId, occurredAt);
            }
            ChannelPool channelPool = new ChannelPool(pool.code(), pool.locations(), pool.safetyBuffer());
            ChannelPool.Outcome outcome = channelPool.take(perSku, ledger.figures(channelPool.locations(), perSku.keySet()));
            if (outcome instanceof ChannelPool.Refused refused) {
                return new ChannelSaleOutcome.Short(refused.shorts().stream()
                        .map(s -> new Shortage(s.sku(), s.requested(), s.available())).toList());
            }
            List<Entry> entries = ((ChannelPool.Picked) outcome).picks().stream()
                    .map(p -> Entry.posted(new Transfer(Account.onHand(p.location()),
                            Account.CUSTOMER, p.sku(), p.quantity())))
                    .toList();
            String location = channelPool.locations().size() == 1 ? channelPool.locations().get(0) : null;
            Postings.Posted posted = postings.post(new JdbcLedger.Movement(movementId, MovementKind.CHANNEL_SALE, location, channel, null, null,
                    null, occurredAt), entries);
            return new ChannelSaleOutcome.Sold(new StockEffect(posted.sequence(), List.of()));
        });
    }

    @Override
    public StockEffect takeBack(String movementId, String location, List<ReturnedStock> lines, Instant occurredAt) {
        Objects.requireNonNull(movementId, "movementId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (contract.location(location).isEmpty()) {
            throw new IllegalArgumentException("unknown location " + location);
        }
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("a return has at least one line");
        }
        return writes.write(() -> {
            if (ledger.movementExists(movementId)) {
                return effectOf(movementId);
            }
            List<Entry> entries = lines.stream().map(l -> Entry.posted(new Transfer(l.employee() ? Account.EMPLOYEE : Account.CUSTOMER,
                    l.damaged() ? Account.DAMAGED : Account.onHand(location), l.sku(), l.quantity()))).toList();
            // a return undoes part of a sale, so it posts as a reversal that names no one sale (reverses stays free)
            Postings.Posted posted = postings.post(new JdbcLedger.Movement(movementId, MovementKind.SALE_REVERSAL, location, null, null, null,
                    RETURN_REASON, occurredAt), entries);
            return new StockEffect(posted.sequence(), List.of());
        });
    }

    @Override
    public StockEffect reverseTakeBack(String movementId, String originalMovementId, Instant occurredAt) {
        Objects.requireNonNull(movementId, "movementId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        return writes.write(() -> {
            if (ledger.movementExists(movementId)) {
                return effectOf(movementId);
            }
            JdbcLedger.Movement original = ledger.movement(originalMovementId)
                    .orElseThrow(() -> new IllegalArgumentException("no movement " + originalMovementId + " to reverse"));
            if (original.kind() != MovementKind.SALE_REVERSAL || !RETURN_REASON.equals(original.reason())) {
                throw new IllegalArgumentException(originalMovementId + " is not a return");
            }
            if (ledger.reversalOf(originalMovementId).isPresent()) {
                return new StockEffect(0, List.of()); // reversed once already
            }
            List<Entry> entries = Movements.reversal(ledger.entriesOf(originalMovementId)).stream().map(Entry::posted).toList();
            Postings.Posted posted = postings.post(new JdbcLedger.Movement(movementId, MovementKind.SALE, original.location(), null, null,
                    originalMovementId, RETURN_VOID_REASON, occurredAt), entries);
            return new StockEffect(posted.sequence(), List.of());
        });
    }

    /** The first effect of a movement posted before (a replay). */
    private StockEffect effectOf(String movementId) {
        return new StockEffect(ledger.lastSequenceOf(movementId), ledger.oversoldSkus(movementId));
    }

    private Map<String, Long> onHandAsOf(String location, List<Movements.Line> lines, Instant at) {
        Map<String, Figures> now = ledger.figures(location, lines.stream().map(Movements.Line::sku).toList());
        Map<String, Long> asOf = new HashMap<>();
        for (Movements.Line line : lines) {
            asOf.put(line.sku(), ledger.onHandAsOf(location, line.sku(), now.getOrDefault(line.sku(), Figures.NONE).onHand(), at));
        }
        return asOf;
    }

    private static List<Movements.Line> lines(List<StockLine> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("a sale has at least one line");
        }
        return lines.stream().map(l -> new Movements.Line(l.sku(), l.quantity())).toList();
    }

    private static double oversells(JdbcLedger ledger, String location) {
        try {
            return ledger.oversellCount(location);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
