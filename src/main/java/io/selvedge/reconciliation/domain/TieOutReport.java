package io.selvedge.reconciliation.domain;

import io.selvedge.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * The tie-out of {@code from}..{@code to}: one row per store (or channel), business day, tender and currency, the
 * processor payouts of the period with the bank credit each landed as, and every mismatch by kind.
 */
public record TieOutReport(LocalDate from, LocalDate to, List<Row> rows, List<Payout> payouts, List<Mismatch> mismatches) {

    public TieOutReport {
        rows = List.copyOf(rows);
        payouts = List.copyOf(payouts);
        mismatches = List.copyOf(mismatches);
    }

    /** What can go wrong between the POS, the processor and the bank. */
    public enum Kind {
        /** A card tender the processor never settled (or never refunded, for a negative one). */
        CARD_TENDER_WITHOUT_SETTLEMENT,
        /** A settled payment no POS tender stands behind. */
        SETTLEMENT_WITHOUT_POS_TENDER,
        /** POS and processor name the same payment with different amounts (or currencies). */
        AMOUNT_MISMATCH,
        /** A chargeback, or a refund the POS did not record, in the processor's file. */
        CHARGEBACK_OR_REFUND,
        /** A payout the bank statements show no credit for. */
        PAYOUT_WITHOUT_BANK_CREDIT,
        /** A bank credit that is neither a processor payout nor a store's cash deposit. */
        DEPOSIT_WITHOUT_PAYOUT,
        /** A day's counted cash the bank statements show no deposit for. */
        CASH_WITHOUT_BANK_DEPOSIT
    }

    public enum Status { TIED, OPEN }

    /**
     * One store (or channel), day and tender. For cards: the POS total, the processor's gross, fees and net of the
     * lines matched to those tenders, and the part of that net whose payout the bank credited. For cash: the POS
     * total, the counted drawers and the deposit the bank credited.
     */
    public record Row(String store, String channel, LocalDate businessDay, String tender, String currencyCode, int posCount, Money posTotal,
                      int processorLines, int matchedByReference, int matchedByFallback, Money gross, Money fees, Money net,
                      Money counted, Money bankDeposited, List<String> payoutReferences, List<String> bankReferences, int mismatches,
                      Status status) {

        public Row {
            payoutReferences = List.copyOf(payoutReferences);
            bankReferences = List.copyOf(bankReferences);
        }

        public boolean isCash() {
            return "CASH".equals(tender);
        }
    }

    /** A processor payout and the bank credit it was matched to (null when none), and how. */
    public record Payout(String processor, String merchantAccount, String batch, String reference, Money amount, LocalDate date,
                         BankEntry credit, String matchedBy) {
    }

    /**
     * One mismatch. Fields that do not apply to its kind are null: {@code posAmount} and {@code processorAmount} are set
     * on amount mismatches, {@code transactionId} when a POS tender is involved, {@code pspReference} and {@code batch}
     * when a processor line is, {@code bankReference} when a bank entry is.
     */
    public record Mismatch(Kind kind, String store, String channel, LocalDate date, String tender, Money amount, Money posAmount,
                           Money processorAmount, String transactionId, String reference, String processor, String batch,
                           String pspReference, String processorType, String bankReference, String detail) {
    }
}
