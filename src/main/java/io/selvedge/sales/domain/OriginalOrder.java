package io.selvedge.sales.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An order as a return sees it: what each line sold and what was already returned of it, and what each of its
 * payments can still refund. Returns that were voided count for nothing.
 *
 * @param type       SALE or EXCHANGE can be returned; RETURN and VOID cannot
 * @param capacities per payment, what it paid less what returns already drew from it (never below zero)
 */
public record OriginalOrder(String orderRef, String type, String kind, String channel, String location, String currency,
                            boolean voided, boolean employeeSale, String customerId, Map<Integer, Line> lines,
                            List<Capacity> capacities) {

    public OriginalOrder {
        lines = Map.copyOf(lines);
        capacities = List.copyOf(capacities);
    }

    public boolean returnable() {
        return type.equals("SALE") || type.equals("EXCHANGE");
    }

    /** A line of the order. {@code returnLine}: a line the order itself took back (in an exchange), not one it sold. */
    public record Line(int lineNo, String sku, long quantity, long totalMinor, long returnedQuantity, long returnedMinor,
                       boolean returnLine) {
    }

    public record Capacity(TenderKey key, long remainingMinor) {
    }

    /**
     * Per payment, in the order the tenders were taken: what the tenders paid (a sale nets the change it gave; an
     * exchange counts only what it took in, its refunds having come out of other orders), plus what exchanges carried
     * onto this order, less what returns drew from it.
     */
    public static List<Capacity> capacities(List<Map.Entry<TenderKey, Long>> tenders, boolean exchange, Map<TenderKey, Long> credited,
                                            Map<TenderKey, Long> drawn) {
        Map<TenderKey, Long> paid = new LinkedHashMap<>();
        for (Map.Entry<TenderKey, Long> tender : tenders) {
            if (!exchange || tender.getValue() > 0) {
                paid.merge(tender.getKey(), tender.getValue(), Math::addExact);
            }
        }
        credited.forEach((key, amount) -> paid.merge(key, amount, Math::addExact));
        List<Capacity> out = new ArrayList<>();
        paid.forEach((key, amount) -> {
            long left = amount - drawn.getOrDefault(key, 0L);
            if (amount > 0) {
                out.add(new Capacity(key, Math.max(0, left)));
            }
        });
        return out;
    }
}
