package io.selvedge.settlement;

import io.selvedge.settlement.jdbc.JdbcJournal;
import io.selvedge.settlement.jdbc.JdbcSettlements;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.Money;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteResult;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Closed days' journals: read as stored, approved once by finance ({@code journal.posted} tells the GL it may
 * post them), and summed into the revenue report. A journal never changes after its close: corrections are
 * adjusting entries of a later close.
 */
@Service
public class Journals {

    private static final Logger log = LoggerFactory.getLogger(Journals.class);
    private static final WriteResult CONFLICT = new WriteResult(409, null, false);

    private final JdbcSettlements days;
    private final JdbcJournal journal;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    public Journals(JdbcSettlements days, JdbcJournal journal, WriteTransactions writes, Outbox outbox, JsonMapper json, Clock clock) {
        this.days = days;
        this.journal = journal;
        this.writes = writes;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    public Optional<JournalView> journal(String store, LocalDate businessDay) {
        return days.find(store, businessDay).map(day -> {
            Currency currency = Currency.getInstance(day.currency());
            Optional<JdbcJournal.Approval> approval = journal.approval(store, businessDay);
            List<JournalView.Line> lines = journal.lines(store, businessDay).stream().map(l -> new JournalView.Line(l.entryId(), l.entryNo(),
                    l.lineNo(), l.businessDay(), l.kind(), l.tender(), l.role(), l.account(), new Money(l.debitMinor(), currency),
                    new Money(l.creditMinor(), currency), l.memo(), l.category(), l.adjustsDay())).toList();
            return new JournalView(store, businessDay, day.currency(), approval.isPresent() ? "APPROVED" : "CLOSED",
                    approval.map(JdbcJournal.Approval::approvedAt).orElse(null), approval.map(JdbcJournal.Approval::approvedBy).orElse(null),
                    lines);
        });
    }

    public WriteResult approve(ApproveJournal command) {
        WriteResult result;
        try {
            result = writes.write(() -> approveOnce(command));
        } catch (DataIntegrityViolationException raced) {
            result = writes.write(() -> approveOnce(command));
        }
        if (result == CONFLICT) {
            throw new ProblemException(ErrorCode.IDEMPOTENCY_CONFLICT, "The journal of " + command.store() + " for " + command.businessDay()
                    + " was already approved with other details; an approved journal does not change (corrections post as adjusting entries)");
        }
        if (result.status() == 201) {
            log.info("event=journal.approved store={} businessDay={}", command.store(), command.businessDay());
        }
        return result;
    }

    private WriteResult approveOnce(ApproveJournal a) {
        // the day's row stays locked until the approval commits: no adjusting entry can slip in beside it
        days.lock(a.store(), a.businessDay());
        Optional<JdbcSettlements.ClosedDay> day = days.find(a.store(), a.businessDay());
        if (day.isEmpty()) {
            return ProblemBodies.problem(json, ErrorCode.STATE_CONFLICT, "Store " + a.store() + " has not closed " + a.businessDay()
                    + ": there is no journal to approve yet", List.of(), Map.of());
        }
        Optional<JdbcJournal.Approval> prior = journal.approval(a.store(), a.businessDay());
        if (prior.isPresent()) {
            return prior.get().bodyHash().equals(a.bodyHash()) ? WriteResult.replayOf(prior.get().responseJson()) : CONFLICT;
        }
        Currency currency = Currency.getInstance(day.get().currency());
        Instant now = clock.instant();
        List<JdbcJournal.StoredLine> lines = journal.lines(a.store(), a.businessDay());
        List<Map<String, Object>> entries = entries(lines, currency);
        long debit = lines.stream().mapToLong(JdbcJournal.StoredLine::debitMinor).reduce(0, Math::addExact);
        long credit = lines.stream().mapToLong(JdbcJournal.StoredLine::creditMinor).reduce(0, Math::addExact);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("store", a.store());
        body.put("businessDay", a.businessDay().toString());
        body.put("status", "APPROVED");
        body.put("approvedAt", now.toString());
        body.put("approvedBy", a.approvedBy());
        body.put("currency", currency.getCurrencyCode());
        body.put("entries", entries.size());
        body.put("totalDebit", SettlementDocument.money(debit, currency));
        body.put("totalCredit", SettlementDocument.money(credit, currency));
        String response = json.writeValueAsString(body);
        journal.approve(a.store(), a.businessDay(), a.approvedBy(), now, a.bodyHash(), response);

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("store", a.store());
        event.put("businessDay", a.businessDay().toString());
        event.put("currency", currency.getCurrencyCode());
        event.put("approvedAt", now.toString());
        event.put("entries", entries);
        event.put("totalDebit", SettlementDocument.money(debit, currency));
        event.put("totalCredit", SettlementDocument.money(credit, currency));
        event.put("href", "/api/v1/stores/" + a.store() + "/days/" + a.businessDay() + "/journal");
        outbox.append(new OutgoingEvent("journal.posted", "journal|" + a.store(), a.store(), now, event));
        return WriteResult.first(201, response);
    }

    /** Per entry: id, tender, kind, line count and totals. */
    private static List<Map<String, Object>> entries(List<JdbcJournal.StoredLine> lines, Currency currency) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, JdbcJournal.StoredLine> first = new LinkedHashMap<>();
        for (JdbcJournal.StoredLine line : lines) {
            first.putIfAbsent(line.entryId(), line);
            long[] t = totals.computeIfAbsent(line.entryId(), k -> new long[3]);
            t[0] += line.debitMinor();
            t[1] += line.creditMinor();
            t[2]++;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        first.forEach((id, line) -> {
            long[] t = totals.get(id);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("entryId", id);
            entry.put("tender", line.tender());
            entry.put("kind", line.kind());
            entry.put("lines", t[2]);
            entry.put("debit", SettlementDocument.money(t[0], currency));
            entry.put("credit", SettlementDocument.money(t[1], currency));
            out.add(entry);
        });
        return out;
    }

    /**
     * Revenue by store, posting day, category and tender from the posted journals: gross (at the price charged, less
     * what voids took back), discounts, returns (returns and allowances: what returned goods were refunded before tax)
     * and net = gross - discounts - returns, with adjusting entries apart (kind ADJUSTMENT) on the day they posted.
     * A return shows under the tender it was refunded to.
     */
    public Map<String, Object> revenue(LocalDate from, LocalDate to, String store) {
        record Key(String store, LocalDate day, String kind, String category, String tender, String currency) {
        }
        Map<Key, long[]> rows = new TreeMap<>(java.util.Comparator.comparing(Key::store).thenComparing(Key::day).thenComparing(Key::kind)
                .thenComparing(Key::category).thenComparing(Key::tender).thenComparing(Key::currency));
        journal.linesBetween(from, to, store, line -> {
            int column = switch (line.role()) {
                case "REVENUE" -> 0;
                case "DISCOUNT" -> 1;
                case "REFUND" -> 2;
                default -> -1;
            };
            if (column < 0) {
                return;
            }
            long[] r = rows.computeIfAbsent(new Key(line.store(), line.businessDay(), line.kind(), line.category(), line.tender(),
                    line.currency()), k -> new long[3]);
            // revenue is a credit; discounts and returns are contra-revenue debits
            long signed = column == 0 ? line.creditMinor() - line.debitMinor() : line.debitMinor() - line.creditMinor();
            r[column] = Math.addExact(r[column], signed);
        });
        Map<String, long[]> totals = new TreeMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        rows.forEach((k, r) -> {
            out.add(revenueFigures(r, k.currency(), "store", k.store(), "businessDay", k.day().toString(), "kind", k.kind(),
                    "category", k.category(), "tender", k.tender(), "currency", k.currency()));
            long[] t = totals.computeIfAbsent(k.currency(), c -> new long[3]);
            for (int i = 0; i < 3; i++) {
                t[i] = Math.addExact(t[i], r[i]);
            }
        });
        List<Map<String, Object>> sums = new ArrayList<>();
        totals.forEach((c, t) -> sums.add(revenueFigures(t, c, "currency", c)));
        return SettlementDocument.ordered("from", from.toString(), "to", to.toString(), "store", store, "rows", out, "totals", sums);
    }

    private static Map<String, Object> revenueFigures(long[] r, String currencyCode, Object... keys) {
        Currency currency = Currency.getInstance(currencyCode);
        Map<String, Object> row = SettlementDocument.ordered(keys);
        row.put("gross", SettlementDocument.money(r[0], currency));
        row.put("discounts", SettlementDocument.money(r[1], currency));
        row.put("returns", SettlementDocument.money(r[2], currency));
        row.put("net", SettlementDocument.money(Math.subtractExact(Math.subtractExact(r[0], r[1]), r[2]), currency));
        return row;
    }
}
