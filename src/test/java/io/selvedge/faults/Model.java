package io.selvedge.faults;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the hub must hold once every request of a workload is acknowledged: stock per location and SKU, the
 * transactions and their lines, the ledger movements, the outgoing events and the holds and transfers. Built from the
 * generated workload alone, never from what the hub answered, so it is an independent oracle.
 */
final class Model {

    static final int ON_HAND = 0;
    static final int ALLOCATED = 1;
    static final int IN_TRANSIT = 2;

    record Line(String sku, long quantity) {
    }

    final Map<String, long[]> stock = new TreeMap<>();
    final Map<String, String> orders = new TreeMap<>();
    final Map<String, Integer> orderLines = new TreeMap<>();
    final Set<String> movements = new TreeSet<>();
    final Map<String, Integer> events = new TreeMap<>();
    final Map<String, String> transfers = new TreeMap<>();
    final Map<String, String> allocations = new TreeMap<>();
    /** Work sent before what it waits for, as "KIND id" (RETURN, VOID, RECEIPT): each must be parked, then APPLIED. */
    final Set<String> parked = new TreeSet<>();
    /** Movements that change a location's figures, so each must have broadcast at least one availability change. */
    final Set<String> broadcasting = new TreeSet<>();

    static String key(String location, String sku) {
        return location + "|" + sku;
    }

    long[] at(String location, String sku) {
        return stock.computeIfAbsent(key(location, sku), k -> new long[3]);
    }

    void movement(String movementId, String type, String location, List<Line> lines) {
        movements.add(movementId);
        broadcasting.add(movementId);
        for (Line line : lines) {
            long delta = switch (type) {
                case "RECEIPT" -> line.quantity();
                case "DAMAGE", "SAMPLE" -> -line.quantity();
                case "ADJUSTMENT" -> line.quantity();
                default -> throw new IllegalArgumentException(type);
            };
            at(location, line.sku())[ON_HAND] += delta;
        }
    }

    void sale(String id, String store, List<Line> lines) {
        orders.put(id, "SALE");
        orderLines.put(id, lines.size());
        movements.add("SALE:" + id);
        broadcasting.add("SALE:" + id);
        event("order.created", "order|" + id);
        lines.forEach(l -> at(store, l.sku())[ON_HAND] -= l.quantity());
    }

    void returned(String id, String saleId, String store, Line line, boolean damaged, boolean parkedFirst) {
        orders.put(id, "RETURN");
        orderLines.put(id, 1);
        movements.add("RETURN:" + id);
        event("order.refunded", "order|" + saleId);
        if (!damaged) {
            at(store, line.sku())[ON_HAND] += line.quantity();
            broadcasting.add("RETURN:" + id); // a damaged unit goes to the damaged account: the store's figures do not move
        }
        if (parkedFirst) {
            parked.add("RETURN " + id);
        }
    }

    void voided(String id, String saleId, String store, List<Line> saleLines, boolean parkedFirst) {
        if (parkedFirst) {
            parked.add("VOID " + id);
        }
        orders.put(id, "VOID");
        orderLines.put(id, 0);
        movements.add("VOID:" + id);
        broadcasting.add("VOID:" + id);
        event("order.voided", "order|" + saleId);
        saleLines.forEach(l -> at(store, l.sku())[ON_HAND] += l.quantity());
    }

    void transfer(String ref, String from, String to, List<Line> shipped, List<Line> received, boolean parkedFirst) {
        if (parkedFirst) {
            parked.add("RECEIPT " + ref);
        }
        transfers.put(ref, "RECEIVED");
        movements.add("transfer:" + ref + ":ship");
        movements.add("transfer:" + ref + ":receive");
        broadcasting.add("transfer:" + ref + ":ship");
        broadcasting.add("transfer:" + ref + ":receive");
        event("transfer.shipped", "transfer|" + ref);
        event("transfer.received", "transfer|" + ref);
        shipped.forEach(l -> {
            at(from, l.sku())[ON_HAND] -= l.quantity();
            at(to, l.sku())[IN_TRANSIT] += l.quantity();
        });
        shipped.forEach(l -> at(to, l.sku())[IN_TRANSIT] -= l.quantity());
        received.forEach(l -> at(to, l.sku())[ON_HAND] += l.quantity());
    }

    void allocation(String id, String location, List<Line> lines, boolean fulfilled) {
        allocations.put(id, fulfilled ? "POSTED" : "VOIDED");
        movements.add("allocation:" + id + ":hold");
        movements.add("allocation:" + id + (fulfilled ? ":fulfil" : ":release"));
        broadcasting.add("allocation:" + id + ":hold");
        broadcasting.add("allocation:" + id + (fulfilled ? ":fulfil" : ":release"));
        if (fulfilled) {
            lines.forEach(l -> at(location, l.sku())[ON_HAND] -= l.quantity());
        }
    }

    private void event(String type, String key) {
        events.merge(type + " " + key, 1, Integer::sum);
    }
}
