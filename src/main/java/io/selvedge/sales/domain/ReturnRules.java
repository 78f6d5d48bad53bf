package io.selvedge.sales.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a return or an exchange must pass, in one place (DESIGN, sales, returns and exchanges; invariant 4):
 * <ol>
 *   <li>a returned line names a sold line of a sale or exchange, for the SKU it sold, in the same currency;</li>
 *   <li>a voided order returns nothing;</li>
 *   <li>never more units than sold minus already returned, never more money than the line was paid;</li>
 *   <li>a refund goes back to the payment it names (card refunds by reference or last four), never more than that payment
 *       still holds; another tender only where the contract's policy lists it;</li>
 *   <li>what is not refunded to an original payment is still drawn from them (store credit pays it out, an exchange
 *       re-uses it and carries it onto its new lines), so each payment gives back at most what it paid.</li>
 * </ol>
 */
public final class ReturnRules {

    private ReturnRules() {
    }

    /** A returned line: {@code orderRef} null for an unreferenced (blind) return. Amount: what the line refunds, positive. */
    public record Returned(int index, int lineNo, String sku, long quantity, long amountMinor, String orderRef, Integer originalLineNo) {
    }

    /** A tender of the return, signed from the store's side: a refund is negative. */
    public record Tender(int index, TenderKey key, long amountMinor) {
    }

    public static ReturnOutcome decide(List<Returned> lines, Map<String, OriginalOrder> originals, List<Tender> tenders, String currency,
                                       ReturnPolicy policy) {
        Map<String, long[]> claimed = new HashMap<>();
        Set<String> referenced = new LinkedHashSet<>();
        long referencedMinor = 0;
        long blindMinor = 0;
        for (Returned line : lines) {
            String at = "lines[" + line.index() + "]";
            if (line.orderRef() == null) {
                if (!policy.blindAllowed()) {
                    return invalid(at + ".returnOf", "is required: the contract does not accept returns without the original order (returns.blind)");
                }
                blindMinor = Math.addExact(blindMinor, line.amountMinor());
                continue;
            }
            OriginalOrder order = originals.get(line.orderRef());
            if (order == null) {
                throw new IllegalArgumentException("order " + line.orderRef() + " was not loaded");
            }
            if (!order.returnable()) {
                return invalid(at + ".returnOf", "names " + order.orderRef() + ", a " + order.type() + ", not a sale");
            }
            if (!order.currency().equals(currency)) {
                return invalid(at + ".returnOf", "names an order paid in " + order.currency() + ", not " + currency);
            }
            if (order.voided()) {
                return new ReturnOutcome.Refused(true, at + ".returnOf", "order " + order.orderRef() + " was voided: nothing of it can be returned",
                        Map.of());
            }
            OriginalOrder.Line sold = order.lines().get(line.originalLineNo());
            if (sold == null || sold.returnLine()) {
                return invalid(at + ".returnOf", "order " + order.orderRef() + " has no sold line " + line.originalLineNo());
            }
            if (!sold.sku().equals(line.sku())) {
                return invalid(at + ".sku", "line " + sold.lineNo() + " of order " + order.orderRef() + " sold " + sold.sku() + ", not " + line.sku());
            }
            long[] taken = claimed.computeIfAbsent(order.orderRef() + "#" + sold.lineNo(),
                    k -> new long[] {sold.returnedQuantity(), sold.returnedMinor()});
            if (taken[0] + line.quantity() > sold.quantity()) {
                long left = Math.max(0, sold.quantity() - taken[0]);
                return new ReturnOutcome.Refused(true, at + ".returnOf", "only " + left + " of the " + sold.quantity() + " units of line "
                        + sold.lineNo() + " of order " + order.orderRef() + " remain returnable (DESIGN invariant 4)",
                        Map.of("returnable", left));
            }
            if (taken[1] + line.amountMinor() > sold.totalMinor()) {
                return new ReturnOutcome.Refused(true, at + ".unitPrice", "refunds more than line " + sold.lineNo() + " of order "
                        + order.orderRef() + " was paid: " + Math.max(0, sold.totalMinor() - taken[1]) + " (minor units) remain", Map.of());
            }
            taken[0] += line.quantity();
            taken[1] += line.amountMinor();
            referenced.add(order.orderRef());
            referencedMinor = Math.addExact(referencedMinor, line.amountMinor());
        }

        List<Slot> slots = new ArrayList<>();
        for (String ref : referenced) {
            originals.get(ref).capacities().forEach(c -> slots.add(new Slot(ref, c.key(), c.remainingMinor())));
        }
        List<ReturnOutcome.Draw> draws = new ArrayList<>();
        long matched = 0;
        long elsewhere = 0;
        for (Tender tender : tenders) {
            if (tender.amountMinor() >= 0) {
                continue; // a payment (an exchange's difference), not a refund
            }
            String at = "tenders[" + tender.index() + "]";
            long amount = Math.negateExact(tender.amountMinor());
            List<Slot> matching = slots.stream().filter(s -> s.key.takesRefund(tender.key())).toList();
            if (matching.isEmpty()) {
                boolean allowed = policy.refundTo().contains(tender.key().type())
                        || (blindMinor > 0 && policy.blindRefundTo().contains(tender.key().type()));
                if (!allowed) {
                    return invalid(at, referenced.isEmpty()
                            ? "an unreferenced return is refunded to " + policy.blindRefundTo() + " only (returns.blindRefundTo)"
                            : "refunds go to the original payment, and no payment of " + String.join(", ", referenced) + " matches this "
                            + tender.key().type() + (policy.refundTo().isEmpty() ? "" : "; the contract also allows " + policy.refundTo()));
                }
                elsewhere = Math.addExact(elsewhere, amount);
                continue;
            }
            if (tender.key().type().equals("CARD") && !tender.key().namesPayment()) {
                return invalid(at + ".reference", "a card refund names the original payment, by its reference or last four digits");
            }
            long left = amount;
            for (Slot slot : matching) {
                long take = Math.min(left, slot.remaining);
                if (take > 0) {
                    slot.remaining -= take;
                    left -= take;
                    draws.add(new ReturnOutcome.Draw(slot.orderRef, slot.key, take, tender.index()));
                }
            }
            if (left > 0) {
                return new ReturnOutcome.Refused(true, at, "refunds " + amount + " (minor units) to that payment, but only " + (amount - left)
                        + " of what it paid remains refundable (DESIGN invariant 4)", Map.of("refundable", amount - left));
            }
            matched = Math.addExact(matched, amount);
        }
        if (matched > referencedMinor) {
            return invalid("tenders", "refund " + matched + " (minor units) to the original payments, but the lines returned against them come to "
                    + referencedMinor);
        }
        if (matched + elsewhere > referencedMinor + blindMinor) {
            return invalid("tenders", "refund more than the returned lines come to");
        }
        // the rest of what was returned against orders still comes out of their payments (DESIGN invariant 4)
        long rest = referencedMinor - matched;
        List<ReturnOutcome.Draw> restDraws = new ArrayList<>();
        for (Slot slot : slots) {
            long take = Math.min(rest, slot.remaining);
            if (take > 0) {
                slot.remaining -= take;
                rest -= take;
                restDraws.add(new ReturnOutcome.Draw(slot.orderRef, slot.key, take, null));
            }
        }
        if (rest > 0) {
            return new ReturnOutcome.Refused(true, "tenders", "the original payments have " + rest + " (minor units) less left to refund than the "
                    + "returned lines come to (DESIGN invariant 4)", Map.of());
        }
        draws.addAll(restDraws);
        // what neither went back to a payment nor was paid out another way was re-used (an exchange): it moves with the goods
        long paidOutForReferenced = Math.max(0, elsewhere - blindMinor);
        long reused = Math.max(0, referencedMinor - matched - paidOutForReferenced);
        List<ReturnOutcome.Draw> credits = new ArrayList<>();
        for (ReturnOutcome.Draw draw : restDraws) {
            long take = Math.min(reused, draw.amountMinor());
            if (take > 0) {
                credits.add(new ReturnOutcome.Draw(null, draw.key(), take, null));
                reused -= take;
            }
        }
        return new ReturnOutcome.Accepted(merge(draws), merge(credits));
    }

    /** Draws of one order, payment and tender combined. */
    private static List<ReturnOutcome.Draw> merge(List<ReturnOutcome.Draw> draws) {
        Map<List<Object>, long[]> sums = new LinkedHashMap<>();
        Map<List<Object>, ReturnOutcome.Draw> first = new LinkedHashMap<>();
        for (ReturnOutcome.Draw d : draws) {
            List<Object> key = Arrays.asList(d.orderRef(), d.key(), d.tenderIndex());
            sums.computeIfAbsent(key, k -> new long[1])[0] += d.amountMinor();
            first.putIfAbsent(key, d);
        }
        List<ReturnOutcome.Draw> out = new ArrayList<>();
        first.forEach((key, d) -> out.add(new ReturnOutcome.Draw(d.orderRef(), d.key(), sums.get(key)[0], d.tenderIndex())));
        return out;
    }

    private static ReturnOutcome.Refused invalid(String field, String message) {
        return new ReturnOutcome.Refused(false, field, message, Map.of());
    }

    private static final class Slot {
        final String orderRef;
        final TenderKey key;
        long remaining;

        Slot(String orderRef, TenderKey key, long remaining) {
            this.orderRef = orderRef;
            this.key = key;
            this.remaining = remaining;
        }
    }
}
