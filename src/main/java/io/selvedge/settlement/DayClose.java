package io.selvedge.settlement;

import io.selvedge.contract.Contract;
import io.selvedge.sales.SalesDays;
import io.selvedge.settlement.domain.ChartOfAccounts;
import io.selvedge.settlement.domain.CloseOutcome;
import io.selvedge.settlement.domain.ClosedDay;
import io.selvedge.settlement.domain.DayTransaction;
import io.selvedge.settlement.domain.JournalEntry;
import io.selvedge.settlement.domain.OpenDay;
import io.selvedge.settlement.domain.TenderKey;
import io.selvedge.settlement.jdbc.JdbcAdjustments;
import io.selvedge.settlement.jdbc.JdbcJournal;
import io.selvedge.settlement.jdbc.JdbcSettlements;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.Money;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteResult;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Closes a store's business day, once: reads the day's transactions and the late arrivals of days already
 * closed, settles them, writes the settlement, the drawer counts, which transactions it took, and the balanced
 * journal (with the adjusting entries that waited for this close) in one transaction, and tells subscribers
 * {@code settlement.closed}. The same close again replays the first answer; other drawer counts for a closed day are
 * a conflict. The reading and settling happen before the write, side by side for many stores; the write checks that
 * the day's transactions are still the ones settled (else settles again inside it) and inserts.
 *
 * <p>Late arrivals: each close records the ids it took, so a transaction of a closed day that no close has taken
 * arrived after its day closed, and the store's next close takes it as an adjustment. Nothing is ever added to a
 * closed day's own figures or journal. To find them without reading every closed day whole, only transactions
 * recorded from {@link #LATE_MARGIN} before their day's close on are candidates (the hub records a transaction's
 * time inside its write, so one the close could not see was recorded at most a write's duration before it).
 */
@Service
public class DayClose {

    private static final Logger log = LoggerFactory.getLogger(DayClose.class);
    private static final WriteResult CONFLICT = new WriteResult(409, null, false);
    /**
     * How long before a close a transaction it could not yet see may have read the clock: a write records its time
     * inside the write and commits within seconds (the write queue gives up after 30 s), so a quarter of an hour
     * also covers clocks of several hub instances that drift apart.
     */
    static final Duration LATE_MARGIN = Duration.ofMinutes(15);

    private final SalesDays sales;
    private final AdjustingEntries adjustments;
    private final JdbcSettlements days;
    private final JdbcJournal journal;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final Contract contract;
    private final ChartOfAccounts accounts;
    private final JsonMapper json;
    private final Clock clock;

    public DayClose(SalesDays sales, AdjustingEntries adjustments, JdbcSettlements days, JdbcJournal journal, WriteTransactions writes,
                    Outbox outbox, Contract contract, JsonMapper json, Clock clock) {
        this.sales = sales;
        this.adjustments = adjustments;
        this.days = days;
        this.journal = journal;
        this.writes = writes;
        this.outbox = outbox;
        this.contract = contract;
        this.accounts = new ContractAccounts(contract.finance());
        this.json = json;
        this.clock = clock;
    }

    /** A store of the contract, or 404. */
    public Contract.Location store(String code) {
        return contract.location(code).filter(l -> l.type() == Contract.LocationType.STORE)
                .orElseThrow(() -> ProblemException.notFound("No store '" + code + "' in the contract"));
    }

    /** A store trades in the currency of its country (the contract's {@code country}, US by default). */
    public Currency currency(Contract.Location store) {
        try {
            return Currency.getInstance(new Locale("", store.country()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(ErrorCode.STATE_CONFLICT, "The currency of store '" + store.code() + "' cannot be told from its country '"
                    + store.country() + "'");
        }
    }

    /** The store's date now, in its time zone. */
    public LocalDate today(Contract.Location store) {
        return clock.instant().atZone(store.zone()).toLocalDate();
    }

    public WriteResult close(CloseDay command) {
        Currency currency = currency(store(command.store()));
        // the day is read and settled before the write, in the caller's thread, so closes of many stores settle side by side
        // while the single writer only checks that nothing changed and inserts
        Optional<Settled> settled = settleAhead(command, currency);
        WriteResult result;
        try {
            result = writes.write(() -> closeOnce(command, currency, settled));
        } catch (DataIntegrityViolationException raced) {
            // another hub instance closed the day, or took one of its late arrivals, between our read and our write:
            // read again and answer as the second close
            log.info("event=settlement.close-raced store={} businessDay={}", command.store(), command.businessDay());
            result = writes.write(() -> closeOnce(command, currency, Optional.empty()));
        }
        if (result == CONFLICT) {
            throw new ProblemException(ErrorCode.IDEMPOTENCY_CONFLICT, "Store " + command.store() + " already closed "
                    + command.businessDay() + " with other drawer counts; a closed day does not change (late corrections post on the next close)");
        }
        if (result.status() == 201) {
            log.info("event=settlement.closed store={} businessDay={} by={}", command.store(), command.businessDay(), command.closedBy());
        }
        return result;
    }

    /** The settlement of a closed day, as first answered but with its current status; empty if the day is open. */
    public Optional<String> settlement(String store, LocalDate businessDay) {
        return days.find(store, businessDay).map(day -> {
            var doc = json.readTree(day.settlementJson());
            journal.approval(store, businessDay).ifPresent(a -> {
                ((tools.jackson.databind.node.ObjectNode) doc).put("status", "APPROVED");
                ((tools.jackson.databind.node.ObjectNode) doc).put("approvedAt", a.approvedAt().toString());
            });
            return json.writeValueAsString(doc);
        });
    }

    /** Transactions of the store's closed days that no close has taken yet: the next close will adjust for them. */
    public List<Map<String, Object>> pendingLate(Contract.Location store) {
        Currency currency = currency(store);
        return lateArrivals(store.code(), today(store).plusDays(1)).stream().map(t -> SettlementDocument.ordered(
                "transactionId", t.transactionId(), "businessDay", t.businessDay().toString(), "type", t.type(),
                "register", t.register(), "total", new Money(t.tenders().stream().mapToLong(x -> x.amount().minor()).sum(),
                        t.currency()).toDecimalString(), "currency", t.currency().getCurrencyCode(),
                "storeCurrency", currency.getCurrencyCode())).toList();
    }

    /** Adjusting entries of the store (card fees) waiting for a close, with the day each adjusts. */
    public List<Map<String, Object>> pendingAdjustments(Contract.Location store) {
        return adjustments.waiting(store.code()).stream().map(a -> SettlementDocument.ordered("adjustmentId", a.adjustmentId(),
                "kind", a.kind(), "adjustsDay", a.businessDay().toString(), "tender", a.tender(),
                "amount", SettlementDocument.money(a.amountMinor(), Currency.getInstance(a.currency())), "currency", a.currency(),
                "memo", a.memo())).toList();
    }

    /**
     * A day read and settled outside the write: its own transactions (how many), the late arrivals it took (which), and
     * what settling them came to, either the closed day or the refusal to answer.
     */
    private record Settled(int ownCount, Set<String> lateIds, List<SalesDays.DayTransaction> own, List<SalesDays.DayTransaction> late,
                           ClosedDay closed, WriteResult refusal) {
    }

    /**
     * Reads and settles the day ahead of the write; empty when the day is already closed (the write answers that) or the
     * reads overlapped a transaction being recorded (the write then reads the day itself).
     */
    private Optional<Settled> settleAhead(CloseDay c, Currency currency) {
        if (days.find(c.store(), c.businessDay()).isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(settle(c, currency));
        } catch (RuntimeException overlapped) {
            // a transaction committed between the reads (its lines without its header): the write reads again, alone
            log.debug("event=settlement.settle-ahead-skipped store={} businessDay={} reason={}", c.store(), c.businessDay(), overlapped.toString());
            return Optional.empty();
        }
    }

    /**
     * In the write: answers a closed day's replay or conflict, else closes with the day settled ahead if the store's
     * transactions of the day and its late arrivals are still exactly those (transactions are only ever added, so the same
     * count is the same set), else settles it here.
     */
    private WriteResult closeOnce(CloseDay c, Currency currency, Optional<Settled> ahead) {
        Optional<JdbcSettlements.ClosedDay> existing = days.find(c.store(), c.businessDay());
        if (existing.isPresent()) {
            return existing.get().bodyHash().equals(c.bodyHash()) ? WriteResult.replayOf(existing.get().settlementJson()) : CONFLICT;
        }
        Settled settled = ahead.filter(read -> stillCurrent(c, read)).orElseGet(() -> settle(c, currency));
        if (settled.refusal() != null) {
            return settled.refusal();
        }
        // adjustments that waited for this close (card fees of this day, or of an earlier day approved before they came)
        List<JdbcAdjustments.Stored> waiting = adjustments.waitingFor(c.store(), c.businessDay());
        List<JournalEntry> adjusting;
        try {
            adjusting = adjustments.entries(waiting, c.store(), c.businessDay());
        } catch (AdjustingEntries.UnmappedAdjustment e) {
            return unmapped(e.unmapped);
        }
        return persist(c, currency, settled.closed(), settled.own(), settled.late(), waiting, adjusting);
    }

    private boolean stillCurrent(CloseDay c, Settled settled) {
        long count = sales.counts(c.store(), List.of(c.businessDay())).getOrDefault(c.businessDay(), 0L);
        if (count != settled.ownCount()) {
            return false;
        }
        Set<String> late = new HashSet<>();
        days.lateArrivals(c.store(), c.businessDay()).values().forEach(late::addAll);
        return late.equals(settled.lateIds());
    }

    private Settled settle(CloseDay c, Currency currency) {
        List<SalesDays.DayTransaction> own = sales.day(c.store(), c.businessDay());
        List<SalesDays.DayTransaction> late = lateArrivals(c.store(), c.businessDay());
        Set<String> lateIds = new HashSet<>();
        late.forEach(t -> lateIds.add(t.transactionId()));
        List<String> foreign = Stream.concat(own.stream(), late.stream()).filter(t -> !t.currency().equals(currency))
                .map(SalesDays.DayTransaction::transactionId).toList();
        if (!foreign.isEmpty()) {
            return refused(own, lateIds, ProblemBodies.problem(json, ErrorCode.STATE_CONFLICT, "Store " + c.store() + " trades in "
                    + currency.getCurrencyCode() + " but some of its transactions are in another currency", List.of(),
                    Map.of("transactions", foreign)));
        }
        OpenDay open;
        try {
            open = new OpenDay(c.store(), c.businessDay(), currency, own.stream().map(DayClose::toDomain).toList(),
                    late.stream().map(DayClose::toDomain).toList());
        } catch (IllegalArgumentException e) {
            return refused(own, lateIds, ProblemBodies.problem(json, ErrorCode.STATE_CONFLICT, "The day cannot be settled: " + e.getMessage(),
                    List.of(), Map.of()));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        c.drawerCounts().forEach((register, cash) -> counts.put(register, cash.minor()));
        CloseOutcome outcome = open.close(counts, accounts);
        if (outcome instanceof CloseOutcome.MissingDrawerCount missing) {
            List<FieldError> errors = missing.registers().stream()
                    .map(r -> new FieldError("drawerCounts", "has no count for register " + r + ", which took cash on " + c.businessDay()))
                    .toList();
            return refused(own, lateIds, ProblemBodies.problem(json, ErrorCode.VALIDATION, "drawerCounts must count every register that took"
                    + " cash: missing " + String.join(", ", missing.registers()), errors, Map.of("registers", missing.registers())));
        }
        if (outcome instanceof CloseOutcome.UnmappedAccount unmapped) {
            return refused(own, lateIds, unmapped(unmapped));
        }
        return new Settled(own.size(), lateIds, own, late, ((CloseOutcome.Closed) outcome).day(), null);
    }

    private static Settled refused(List<SalesDays.DayTransaction> own, Set<String> lateIds, WriteResult refusal) {
        return new Settled(own.size(), lateIds, List.of(), List.of(), null, refusal);
    }

    private WriteResult unmapped(CloseOutcome.UnmappedAccount unmapped) {
        return ProblemBodies.problem(json, ErrorCode.STATE_CONFLICT, "The contract's finance mapping names no GL account for "
                + unmapped.group() + " '" + unmapped.key() + "'", List.of(),
                Map.of("account", "finance.accounts." + unmapped.group() + "." + unmapped.key()));
    }

    private WriteResult persist(CloseDay c, Currency currency, ClosedDay closed, List<SalesDays.DayTransaction> own,
                                List<SalesDays.DayTransaction> late, List<JdbcAdjustments.Stored> waiting, List<JournalEntry> adjusting) {
        Instant now = clock.instant();
        List<JournalEntry> entries = new ArrayList<>(closed.journal());
        entries.addAll(adjusting);
        String body = json.writeValueAsString(SettlementDocument.of(closed.settlement(), entries, waiting, now, c.closedBy()));
        List<JdbcSettlements.Settled> settled = new ArrayList<>(own.size() + late.size());
        Stream.concat(own.stream(), late.stream()).forEach(t -> settled.add(new JdbcSettlements.Settled(t.transactionId(), t.businessDay())));
        days.insert(new JdbcSettlements.ClosedDay(c.store(), c.businessDay(), currency.getCurrencyCode(), now, c.closedBy(), c.bodyHash(), body),
                now.minus(LATE_MARGIN), own.size(), late.size(), closed.settlement().drawers(), settled);
        journal.append(entries, now);
        adjustments.posted(waiting, adjusting, c.store(), c.businessDay());
        outbox.append(new OutgoingEvent("settlement.closed", "settlement|" + c.store(), c.store(), now,
                SettlementDocument.event(closed.settlement(), entries, now)));
        return WriteResult.first(201, body);
    }

    private List<SalesDays.DayTransaction> lateArrivals(String store, LocalDate before) {
        List<SalesDays.DayTransaction> late = new ArrayList<>();
        // rare: a day with late arrivals is read whole once, to take them with their lines and tenders
        days.lateArrivals(store, before).forEach((day, ids) ->
                sales.day(store, day).stream().filter(t -> ids.contains(t.transactionId())).forEach(late::add));
        return late;
    }

    private static DayTransaction toDomain(SalesDays.DayTransaction t) {
        DayTransaction.Kind kind = switch (t.type()) {
            case "SALE" -> DayTransaction.Kind.SALE;
            case "RETURN" -> DayTransaction.Kind.RETURN;
            case "EXCHANGE" -> DayTransaction.Kind.EXCHANGE;
            case "VOID" -> DayTransaction.Kind.VOID;
            default -> throw new IllegalArgumentException("transaction " + t.transactionId() + " is of an unknown type " + t.type());
        };
        return new DayTransaction(t.transactionId(), kind, t.register(), t.businessDay(), t.employeeSale(),
                t.lines().stream().map(l -> new DayTransaction.Line(l.category(), l.quantity(), l.unitPrice().minor(),
                        l.discount().minor(), l.tax().minor(), l.returned())).toList(),
                t.tenders().stream().map(x -> new DayTransaction.Tender(TenderKey.of(x.type(), x.brand()), x.amount().minor())).toList());
    }
}
