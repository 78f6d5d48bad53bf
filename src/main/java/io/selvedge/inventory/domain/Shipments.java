package io.selvedge.inventory.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transfers a store-to-store shipment makes, and the way back of samples. Balanced by construction
 * (DESIGN invariant 1): shipped units wait in the destination's {@code in_transit} until they are received; what
 * never arrives goes to {@code shrink_in_transit}, and units that arrive beyond what was shipped come from
 * {@code found}, so every unit is in exactly one account afterwards.
 */
public final class Shipments {

    private Shipments() {
    }

    /** Origin on-hand to the destination's in-transit; never refused (the origin may go negative and is flagged). */
    public static List<Transfer> ship(String from, String to, Map<String, Long> shipped) {
        List<Transfer> transfers = new ArrayList<>();
        shipped.forEach((sku, quantity) -> transfers.add(new Transfer(Account.onHand(from), Account.inTransit(to), sku, quantity)));
        return transfers;
    }

    /**
     * What arrived, against what was shipped, per SKU: in-transit to on-hand up to the smaller of the two, the
     * shortfall from in-transit to shrink-in-transit, the excess from found to on-hand. A SKU absent from
     * {@code received} arrived not at all; one absent from {@code shipped} was never shipped.
     */
    public static List<Transfer> receive(String to, Map<String, Long> shipped, Map<String, Long> received) {
        Set<String> skus = new LinkedHashSet<>(shipped.keySet());
        skus.addAll(received.keySet());
        List<Transfer> transfers = new ArrayList<>();
        for (String sku : skus) {
            long sent = shipped.getOrDefault(sku, 0L);
            long arrived = received.getOrDefault(sku, 0L);
            if (sent < 0 || arrived < 0) {
                throw new IllegalArgumentException("shipped and received quantities are zero or more");
            }
            long matched = Math.min(sent, arrived);
            if (matched > 0) {
                transfers.add(new Transfer(Account.inTransit(to), Account.onHand(to), sku, matched));
            }
            if (sent > arrived) {
                transfers.add(new Transfer(Account.inTransit(to), Account.SHRINK_IN_TRANSIT, sku, sent - arrived));
            } else if (arrived > sent) {
                transfers.add(new Transfer(Account.FOUND, Account.onHand(to), sku, arrived - sent));
            }
        }
        return transfers;
    }

    /** Samples coming back into a location's on-hand. */
    public static List<Transfer> sampleReturn(String location, List<Movements.Line> lines) {
        Map<String, Long> perSku = new LinkedHashMap<>();
        lines.forEach(l -> perSku.merge(l.sku(), l.quantity(), Math::addExact));
        List<Transfer> transfers = new ArrayList<>();
        perSku.forEach((sku, quantity) -> transfers.add(new Transfer(Account.SAMPLES, Account.onHand(location), sku, quantity)));
        return transfers;
    }
}
