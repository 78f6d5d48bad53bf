package io.selvedge.reconciliation;

import io.selvedge.reconciliation.domain.LineCategory;
import io.selvedge.reconciliation.domain.TieOut;
import io.selvedge.reconciliation.domain.TieOutReport;
import io.selvedge.reconciliation.jdbc.JdbcBankEntries;
import io.selvedge.reconciliation.jdbc.JdbcProcessorLines;
import io.selvedge.sales.ReceivedTenders;
import io.selvedge.settlement.SettledDays;
import io.selvedge.shared.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Reads what the tie-out of a period needs and hands it to {@link TieOut}: the period's card and cash tenders, the
 * processor lines they or the period reference (with a margin of days either side, since processors, banks and stores
 * keep different calendars), the payouts of those lines' batches, the bank credits around them, and closed days'
 * counted cash. Tenders outside the period that a loaded line references are read too, so a sale of the day before
 * is never reported as a settlement without a POS tender.
 */
@Service
public class Reconciliations {

    /** Days read before and after the period: payouts land days after their batch, cash is banked the next days. */
    private static final int MARGIN_DAYS = 10;

    private final ReceivedTenders tenders;
    private final SettledDays settledDays;
    private final JdbcProcessorLines lines;
    private final JdbcBankEntries bank;

    public Reconciliations(ReceivedTenders tenders, SettledDays settledDays, JdbcProcessorLines lines, JdbcBankEntries bank) {
        this.tenders = tenders;
        this.settledDays = settledDays;
        this.lines = lines;
        this.bank = bank;
    }

    public TieOutReport tieOut(LocalDate from, LocalDate to) {
        List<ReceivedTenders.Tender> received = new ArrayList<>(tenders.between(from, to, List.of("CARD", "CASH")));
        Set<String> tenderRefs = new LinkedHashSet<>();
        received.stream().filter(t -> "CARD".equals(t.type()) && t.reference() != null && !t.reference().isBlank())
                .forEach(t -> tenderRefs.add(t.reference().trim()));

        List<TieOut.Line> loaded = new ArrayList<>(lines.between(from.minusDays(MARGIN_DAYS), to.plusDays(MARGIN_DAYS)));
        loaded.addAll(lines.withReferences(tenderRefs));
        Set<String> batches = new LinkedHashSet<>();
        Set<String> lineRefs = new LinkedHashSet<>();
        for (TieOut.Line line : loaded) {
            if (line.line().category().isTransaction()) {
                lineRefs.addAll(line.line().references());
                if (line.line().batch() != null) {
                    batches.add(line.line().processor() + "|" + line.line().merchantAccount() + "|" + line.line().batch());
                }
            }
        }
        loaded.addAll(lines.payoutsOf(batches));
        lineRefs.removeAll(tenderRefs);
        if (!lineRefs.isEmpty()) {
            received.addAll(tenders.withReferences(lineRefs));
        }

        LocalDate bankFrom = from.minusDays(MARGIN_DAYS);
        LocalDate bankTo = to.plusDays(MARGIN_DAYS);
        for (TieOut.Line line : loaded) {
            if (line.line().category() == LineCategory.PAYOUT && line.line().payoutDate() != null) {
                LocalDate date = line.line().payoutDate();
                bankFrom = date.minusDays(1).isBefore(bankFrom) ? date.minusDays(1) : bankFrom;
                bankTo = date.plusDays(MARGIN_DAYS).isAfter(bankTo) ? date.plusDays(MARGIN_DAYS) : bankTo;
            }
        }
        List<TieOut.Credit> credits = bank.creditsBetween(bankFrom, bankTo);
        List<TieOut.CashDay> cash = settledDays.between(from.minusDays(MARGIN_DAYS), to).stream()
                .map(d -> new TieOut.CashDay(d.store(), d.businessDay(), new Money(d.countedCashMinor(), d.currency()))).toList();
        List<TieOut.Tender> tieOutTenders = received.stream().map(Reconciliations::tender).toList();
        return TieOut.compute(from, to, tieOutTenders, loaded, credits, cash);
    }

    /** A received tender as the tie-out rules see it: a store's (POS) or a channel's. */
    static TieOut.Tender tender(ReceivedTenders.Tender t) {
        boolean store = "POS".equals(t.kind());
        return new TieOut.Tender(t.orderRef(), t.position(), store ? t.location() : null, store ? null : t.channel(), t.businessDay(),
                t.voidOf(), t.type(), t.brand(), t.amount(), t.reference(), t.last4());
    }
}
