package io.selvedge.settlement.domain;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a card processor charged (commission, markup, scheme fees, interchange) on a store's card payments of one
 * business day and one brand, as an adjusting entry: the card fees expense is debited and the brand's clearing account
 * credited, because the processor pays the payments out less its fees and the clearing account must come down to
 * what reaches the bank. Fees given back (a negative amount) post the other way round. The lines name the day the
 * payments were taken, wherever the entry posts.
 */
public record CardFees(String store, LocalDate adjustsDay, TenderKey tender, Currency currency, long feesMinor, String memo) {

    public CardFees {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(adjustsDay, "adjustsDay");
        Objects.requireNonNull(tender, "tender");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(memo, "memo");
        if (!TenderKey.CARD.equals(tender.type())) {
            throw new IllegalArgumentException("card fees are charged on card tenders, not " + tender.code());
        }
        if (feesMinor == 0) {
            throw new IllegalArgumentException("no fees, no entry");
        }
    }

    /** The account the contract lacks for this entry, if any. */
    public Optional<CloseOutcome.UnmappedAccount> unmapped(ChartOfAccounts accounts) {
        if (accounts.cardFees(tender).isEmpty()) {
            return Optional.of(new CloseOutcome.UnmappedAccount("cardFees", tender.brand() == null ? tender.type() : tender.brand()));
        }
        if (accounts.tender(tender).isEmpty()) {
            return Optional.of(new CloseOutcome.UnmappedAccount("tenders", tender.brand() == null ? tender.type() : tender.brand()));
        }
        return Optional.empty();
    }

    /** The balanced entry {@code entryId}, posted on {@code postedOn}; the accounts must be mapped ({@link #unmapped}). */
    public JournalEntry entry(String entryId, LocalDate postedOn, ChartOfAccounts accounts) {
        String expense = accounts.cardFees(tender).orElseThrow(() -> new IllegalStateException("no card fees account for " + tender.code()));
        String clearing = accounts.tender(tender).orElseThrow(() -> new IllegalStateException("no account for " + tender.code()));
        long amount = Math.abs(feesMinor);
        boolean charged = feesMinor > 0;
        List<JournalLine> lines = List.of(
                new JournalLine(1, JournalLine.Role.FEES, expense, charged ? amount : 0, charged ? 0 : amount, memo, null, adjustsDay),
                new JournalLine(2, JournalLine.Role.TENDER, clearing, charged ? 0 : amount, charged ? amount : 0, memo, null, adjustsDay));
        return new JournalEntry(entryId, store, postedOn, tender, EntryKind.ADJUSTMENT, currency, lines);
    }

    /** JE-STORE-ABK-20261128-CARD-VISA-FEES-2: the second card fee entry posted on that day. */
    public static String entryId(String store, LocalDate postedOn, TenderKey tender, int number) {
        return "JE-" + store + "-" + postedOn.toString().replace("-", "") + "-" + tender.code() + "-FEES-" + number;
    }
}
