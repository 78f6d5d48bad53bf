package io.selvedge.inventory.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which transfers each kind of movement makes. Every one is balanced by construction: units only move
 * between accounts (DESIGN invariant 1; STYLE convention 4).
 */
public final class Movements {

    private Movements() {
    }

    /** A quantity of one SKU as a movement states it: positive, except a count (zero or more) and an adjustment (signed). */
    public record Line(String sku, long quantity) {
    }

    public static List<Transfer> receipt(String location, List<Line> lines) {
        return between(Account.SUPPLIER, Account.onHand(location), lines);
    }

    public static List<Transfer> damage(String location, List<Line> lines) {
        return between(Account.onHand(location), Account.DAMAGED, lines);
    }

    public static List<Transfer> sample(String location, List<Line> lines) {
        return between(Account.onHand(location), Account.SAMPLES, lines);
    }

    /** A completed store sale (or an employee purchase): never refused, the location may go negative. */
    public static List<Transfer> sale(String location, List<Line> lines, boolean employee) {
        return between(Account.onHand(location), employee ? Account.EMPLOYEE : Account.CUSTOMER, lines);
    }

    /** Signed: units found go into on-hand, units lost go to shrink; a zero line moves nothing. */
    public static List<Transfer> adjustment(String location, List<Line> lines) {
        List<Transfer> transfers = new ArrayList<>();
        for (Line line : lines) {
            if (line.quantity() > 0) {
                transfers.add(new Transfer(Account.FOUND, Account.onHand(location), line.sku(), line.quantity()));
            } else if (line.quantity() < 0) {
                transfers.add(new Transfer(Account.onHand(location), Account.SHRINK, line.sku(), Math.negateExact(line.quantity())));
            }
        }
        return transfers;
    }

    /**
     * A physical count: the counted figure minus what the ledger had on hand as of the count time is posted
     * as found (more) or shrink (less), so on-hand as of that time becomes the counted figure.
     */
    public static List<Transfer> count(String location, List<Line> counted, Map<String, Long> onHandAsOfCount) {
        List<Line> differences = new ArrayList<>();
        for (Line line : counted) {
            if (line.quantity() < 0) {
                throw new IllegalArgumentException("a counted figure is zero or more");
            }
            long before = onHandAsOfCount.getOrDefault(line.sku(), 0L);
            differences.add(new Line(line.sku(), Math.subtractExact(line.quantity(), before)));
        }
        return adjustment(location, differences);
    }

    /** The exact reverse of what a movement posted for good (a void of a sale). Pending holds have nothing to reverse. */
    public static List<Transfer> reversal(List<Entry> original) {
        return original.stream().filter(Entry::movesPosted).map(e -> e.transfer().reversed()).toList();
    }

    private static List<Transfer> between(Account from, Account to, List<Line> lines) {
        return lines.stream().map(l -> new Transfer(from, to, l.sku(), l.quantity())).toList();
    }
}
