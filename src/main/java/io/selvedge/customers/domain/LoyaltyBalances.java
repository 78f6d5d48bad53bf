package io.selvedge.customers.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The loyalty points of one person: the balance of each customer record in their merge group. A movement stays on
 * the record it was posted to, so the person's points are the sum over the records: a merge combines the maps and
 * loses nothing, an unmerge takes the moved records' balances back out exactly.
 */
public record LoyaltyBalances(Map<String, Balance> byRecord) {

    /** The most points one movement may carry either way, so no sum of a lifetime of movements can overflow. */
    public static final long MAX_POINTS = 1_000_000_000L;

    /** One record's points and the number of movements that make them. */
    public record Balance(long points, long movements) {

        public static final Balance NONE = new Balance(0, 0);

        Balance plus(long delta) {
            return new Balance(Math.addExact(points, delta), movements + 1);
        }
    }

    /** What posting a movement comes to: posted, with the balances after it, or refused (nothing changes). */
    public sealed interface Outcome permits Posted, Refused {
    }

    public record Posted(LoyaltyBalances after, Balance record) implements Outcome {
    }

    public record Refused(String reason, long available) implements Outcome {
    }

    public LoyaltyBalances {
        byRecord = Map.copyOf(byRecord);
    }

    public static LoyaltyBalances of(Collection<String> records, Map<String, Balance> known) {
        Map<String, Balance> all = new TreeMap<>();
        for (String record : records) {
            all.put(record, known.getOrDefault(record, Balance.NONE));
        }
        return new LoyaltyBalances(all);
    }

    public long points() {
        return byRecord.values().stream().mapToLong(Balance::points).reduce(0, Math::addExact);
    }

    public long movements() {
        return byRecord.values().stream().mapToLong(Balance::movements).sum();
    }

    public Balance of(String record) {
        return byRecord.getOrDefault(record, Balance.NONE);
    }

    /**
     * Posts {@code points} (earned: positive, redeemed: negative) to {@code record}, one of this person's records.
     * A redemption may spend the points of any of the person's records, but never more than they hold together.
     */
    public Outcome post(String record, long points) {
        Objects.requireNonNull(record, "record");
        if (!byRecord.containsKey(record)) {
            throw new IllegalArgumentException("record " + record + " is not one of this customer's records");
        }
        if (points == 0 || points < -MAX_POINTS || points > MAX_POINTS) {
            throw new IllegalArgumentException("points must be non-zero and at most " + MAX_POINTS + " either way");
        }
        long available = points();
        if (points < 0 && available + points < 0) {
            return new Refused("the customer has " + Math.max(available, 0) + " points, fewer than the " + -points + " to redeem", available);
        }
        Map<String, Balance> after = new TreeMap<>(byRecord);
        Balance balance = of(record).plus(points);
        after.put(record, balance);
        return new Posted(new LoyaltyBalances(after), balance);
    }

    /** A merge: the two groups' records, each with its own balance. */
    public LoyaltyBalances combine(LoyaltyBalances other) {
        Map<String, Balance> all = new TreeMap<>(byRecord);
        other.byRecord.forEach((record, balance) -> {
            if (all.putIfAbsent(record, balance) != null) {
                throw new IllegalArgumentException("record " + record + " is in both groups");
            }
        });
        return new LoyaltyBalances(all);
    }

    /** An unmerge: the balances of {@code records}, which leave the group with them. */
    public LoyaltyBalances only(Collection<String> records) {
        Map<String, Balance> some = new TreeMap<>();
        for (String record : records) {
            some.put(record, of(record));
        }
        return new LoyaltyBalances(some);
    }

    /** What stays when {@code records} leave. */
    public LoyaltyBalances without(Collection<String> records) {
        Map<String, Balance> rest = new TreeMap<>(byRecord);
        records.forEach(rest::remove);
        return new LoyaltyBalances(rest);
    }
}
