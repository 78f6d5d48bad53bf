package io.selvedge.reconciliation.domain;

import io.selvedge.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of a processor's settlement file. Money is signed from the merchant's side: a settled payment is a
 * positive gross and net, a refund or a payout negative. Fees are costs in the net currency, so
 * {@code net = gross - fees} when both are in one currency. {@code commission}, {@code markup}, {@code schemeFees}
 * and {@code interchange} are the parts the processor itemises (null where it does not).
 *
 * @param location   where the line is in its file ("line 12", "data[3]"), for refusals and audit
 * @param naturalKey what makes the line unique across files (processor, account, batch, type, references)
 */
public record ProcessorLine(String processor, int lineNo, String location, String naturalKey, String merchantAccount, String batch,
                            String type, LineCategory category, String pspReference, String merchantReference,
                            String modificationReference, String paymentMethod, Instant createdAt, LocalDate tradeDate, Money gross,
                            Money net, Long commission, Long markup, Long schemeFees, Long interchange, long fees,
                            String payoutReference, LocalDate payoutDate, String last4) {

    public ProcessorLine {
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(naturalKey, "naturalKey");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(tradeDate, "tradeDate");
        Objects.requireNonNull(net, "net");
    }

    /** The references a POS tender may carry for this line: processor, merchant and modification references. */
    public List<String> references() {
        List<String> refs = new ArrayList<>(3);
        for (String ref : new String[] {pspReference, merchantReference, modificationReference}) {
            if (ref != null && !ref.isBlank() && !refs.contains(ref)) {
                refs.add(ref);
            }
        }
        return refs;
    }

    /** The amount paid out to the bank, positive, for a payout line. */
    public Money payoutAmount() {
        return net.negate();
    }

    /** The gross of a transaction line, or its net when the file gives no gross. */
    public Money grossOrNet() {
        return gross != null ? gross : net;
    }
}
