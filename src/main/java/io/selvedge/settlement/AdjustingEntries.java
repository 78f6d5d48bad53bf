package io.selvedge.settlement;

import io.selvedge.contract.Contract;
import io.selvedge.settlement.domain.CardFees;
import io.selvedge.settlement.domain.ChartOfAccounts;
import io.selvedge.settlement.domain.CloseOutcome;
import io.selvedge.settlement.domain.JournalEntry;
import io.selvedge.settlement.domain.TenderKey;
import io.selvedge.settlement.jdbc.JdbcAdjustments;
import io.selvedge.settlement.jdbc.JdbcJournal;
import io.selvedge.settlement.jdbc.JdbcSettlements;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Adjusting entries that do not come from a day's transactions: the card fees a processor charged, posted when its
 * settlement file arrives. Where one posts depends on the adjusted day:
 * <ul>
 * <li>closed, its journal not yet approved: a new entry of that day's journal, now (finance approves it with the rest);</li>
 * <li>still open: it waits, and that day's close posts it;</li>
 * <li>closed and approved: it waits for the store's next close, which posts it as an adjusting entry naming the day, since
 *     an approved journal never changes.</li>
 * </ul>
 * Nothing already in a journal is ever edited. The same adjustment id again posts nothing.
 */
@Service
public class AdjustingEntries {

    private static final Logger log = LoggerFactory.getLogger(AdjustingEntries.class);

    private final JdbcAdjustments adjustments;
    private final JdbcSettlements days;
    private final JdbcJournal journal;
    private final WriteTransactions writes;
    private final Contract contract;
    private final ChartOfAccounts accounts;
    private final Clock clock;

    public AdjustingEntries(JdbcAdjustments adjustments, JdbcSettlements days, JdbcJournal journal, WriteTransactions writes, Contract contract,
                            Clock clock) {
        this.adjustments = adjustments;
        this.days = days;
        this.journal = journal;
        this.writes = writes;
        this.contract = contract;
        this.accounts = new ContractAccounts(contract.finance());
        this.clock = clock;
    }

    /**
     * Posts the adjustment, or queues it for a close. Called inside another write (a processor file's import), it joins
     * that write: the entry commits with the import or not at all.
     */
    public AdjustmentOutcome post(PostAdjustment command) {
        AdjustmentOutcome outcome = writes.write(() -> postOnce(command));
        if (outcome instanceof AdjustmentOutcome.Refused refused) {
            log.info("event=settlement.adjustment_refused adjustment={} store={} businessDay={} reason=\"{}\"", command.adjustmentId(),
                    command.store(), command.businessDay(), refused.reason());
        } else if (outcome instanceof AdjustmentOutcome.Posted posted) {
            log.info("event=settlement.adjustment_posted adjustment={} store={} businessDay={} entry={} postedOn={}", command.adjustmentId(),
                    command.store(), command.businessDay(), posted.entryId(), posted.postedOn());
        }
        return outcome;
    }

    private AdjustmentOutcome postOnce(PostAdjustment a) {
        Optional<JdbcAdjustments.Stored> existing = adjustments.find(a.adjustmentId());
        if (existing.isPresent()) {
            return standing(existing.get());
        }
        Optional<Contract.Location> store = contract.location(a.store()).filter(l -> l.type() == Contract.LocationType.STORE);
        if (store.isEmpty()) {
            return new AdjustmentOutcome.Refused(a.adjustmentId(), "no store '" + a.store() + "' in the contract");
        }
        Currency currency = currency(store.get());
        if (currency == null || !currency.equals(a.amount().currency())) {
            return new AdjustmentOutcome.Refused(a.adjustmentId(), "the fees are in " + a.amount().currency().getCurrencyCode() + " but store "
                    + a.store() + " trades in " + (currency == null ? "a currency its country does not tell" : currency.getCurrencyCode()));
        }
        CardFees fees = new CardFees(a.store(), a.businessDay(), TenderKey.of(TenderKey.CARD, a.brand()), currency, a.amount().minor(), a.memo());
        Optional<CloseOutcome.UnmappedAccount> unmapped = fees.unmapped(accounts);
        if (unmapped.isPresent()) {
            return new AdjustmentOutcome.Refused(a.adjustmentId(), "the contract's finance mapping names no GL account for "
                    + unmapped.get().group() + " '" + unmapped.get().key() + "'");
        }
        JdbcAdjustments.Stored stored = new JdbcAdjustments.Stored(a.adjustmentId(), a.kind().name(), a.store(), a.businessDay(),
                fees.tender().code(), a.amount().minor(), currency.getCurrencyCode(), a.memo(), clock.instant(), a.receivedFrom());
        adjustments.insert(stored);
        boolean closed = days.lock(a.store(), a.businessDay());
        if (closed && journal.approval(a.store(), a.businessDay()).isEmpty()) {
            JournalEntry entry = entries(List.of(stored), a.store(), a.businessDay()).get(0);
            journal.append(List.of(entry), stored.receivedAt(), journal.nextEntryNo(a.store(), a.businessDay()));
            adjustments.posted(new JdbcAdjustments.Posting(a.adjustmentId(), entry.entryId(), a.store(), a.businessDay()));
            return new AdjustmentOutcome.Posted(a.adjustmentId(), entry.entryId(), a.businessDay());
        }
        adjustments.pend(stored);
        return new AdjustmentOutcome.Pending(a.adjustmentId(), reason(stored, closed));
    }

    private AdjustmentOutcome standing(JdbcAdjustments.Stored stored) {
        Optional<JdbcAdjustments.Posting> posting = adjustments.posting(stored.adjustmentId());
        if (posting.isPresent()) {
            return new AdjustmentOutcome.Posted(stored.adjustmentId(), posting.get().entryId(), posting.get().postedDay());
        }
        return new AdjustmentOutcome.Pending(stored.adjustmentId(), reason(stored, days.find(stored.store(), stored.businessDay()).isPresent()));
    }

    private static String reason(JdbcAdjustments.Stored stored, boolean closed) {
        return closed ? "the journal of " + stored.businessDay() + " is approved: posts with the store's next close"
                : stored.businessDay() + " is still open: posts with its close";
    }

    /**
     * The balanced entries of {@code waiting} adjustments posted on the store's day {@code on}, numbered after those
     * already posted on it. The contract's accounts are checked when an adjustment arrives; a contract changed since
     * shows as an unmapped account.
     */
    List<JournalEntry> entries(List<JdbcAdjustments.Stored> waiting, String store, LocalDate on) {
        List<JournalEntry> entries = new ArrayList<>(waiting.size());
        if (waiting.isEmpty()) {
            return entries;
        }
        int number = adjustments.postedOn(store, on);
        for (JdbcAdjustments.Stored a : waiting) {
            CardFees fees = new CardFees(a.store(), a.businessDay(), TenderKey.ofCode(a.tender()), Currency.getInstance(a.currency()),
                    a.amountMinor(), a.memo());
            Optional<CloseOutcome.UnmappedAccount> unmapped = fees.unmapped(accounts);
            if (unmapped.isPresent()) {
                throw new UnmappedAdjustment(unmapped.get());
            }
            entries.add(fees.entry(CardFees.entryId(store, on, fees.tender(), ++number), on, accounts));
        }
        return entries;
    }

    /** Records that a close posted these adjustments as these entries (same order). */
    void posted(List<JdbcAdjustments.Stored> waiting, List<JournalEntry> entries, String store, LocalDate on) {
        for (int i = 0; i < waiting.size(); i++) {
            adjustments.posted(new JdbcAdjustments.Posting(waiting.get(i).adjustmentId(), entries.get(i).entryId(), store, on));
        }
    }

    List<JdbcAdjustments.Stored> waitingFor(String store, LocalDate day) {
        return adjustments.pendingFor(store, day);
    }

    List<JdbcAdjustments.Stored> waiting(String store) {
        return adjustments.pending(store);
    }

    private static Currency currency(Contract.Location store) {
        try {
            return Currency.getInstance(new Locale("", store.country()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** A waiting adjustment whose accounts the contract no longer maps. */
    static final class UnmappedAdjustment extends RuntimeException {

        final CloseOutcome.UnmappedAccount unmapped;

        UnmappedAdjustment(CloseOutcome.UnmappedAccount unmapped) {
            super(unmapped.group() + "/" + unmapped.key(), null, false, false);
            this.unmapped = unmapped;
        }
    }
}
