package io.selvedge.inventory.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory ledger for the properties: keeps entries and balances the way the database does (balances by
 * the entries' deltas), and can recompute any balance from the entries alone, independently of the deltas.
 */
final class Book {

    record Key(Account account, String sku) {
    }

    record Balance(long posted, long pendingOut, long pendingIn) {
    }

    final List<Entry> entries = new ArrayList<>();
    final Map<Key, Balance> balances = new HashMap<>();
    final List<Long> resolved = new ArrayList<>();

    /** Posts entries and returns the ids (indexes) they got. */
    List<Long> post(List<Entry> posting) {
        List<Long> ids = new ArrayList<>();
        for (BalanceDelta d : BalanceDelta.combine(posting)) {
            balances.merge(new Key(d.account(), d.sku()), new Balance(d.posted(), d.pendingOut(), d.pendingIn()),
                    (a, b) -> new Balance(a.posted + b.posted, a.pendingOut + b.pendingOut, a.pendingIn + b.pendingIn));
        }
        for (Entry entry : posting) {
            if (entry.resolves() != null) {
                if (resolved.contains(entry.resolves())) {
                    throw new IllegalStateException("entry " + entry.resolves() + " resolved twice");
                }
                resolved.add(entry.resolves());
            }
            ids.add((long) entries.size());
            entries.add(entry);
        }
        return ids;
    }

    Balance balance(Account account, String sku) {
        return balances.getOrDefault(new Key(account, sku), new Balance(0, 0, 0));
    }

    Figures figures(String location, String sku) {
        Balance onHand = balance(Account.onHand(location), sku);
        return new Figures(onHand.posted, onHand.pendingOut, balance(Account.inTransit(location), sku).posted);
    }

    /** The balance recomputed from the entries alone (DESIGN invariant 1: each balance equals the sum of its entries). */
    Balance fromEntries(Account account, String sku) {
        long posted = 0;
        long pendingOut = 0;
        long pendingIn = 0;
        for (Entry e : entries) {
            Transfer t = e.transfer();
            if (!t.sku().equals(sku)) {
                continue;
            }
            long q = t.quantity();
            long sign = e.phase() == Entry.Phase.PENDING ? 1 : e.phase() == Entry.Phase.POSTED ? 0 : -1;
            if (e.movesPosted()) {
                posted += t.to().equals(account) ? q : t.from().equals(account) ? -q : 0;
            }
            if (sign != 0) {
                pendingOut += t.from().equals(account) ? sign * q : 0;
                pendingIn += t.to().equals(account) ? sign * q : 0;
            }
        }
        return new Balance(posted, pendingOut, pendingIn);
    }

    Set<String> skus() {
        Set<String> skus = new HashSet<>();
        balances.keySet().forEach(k -> skus.add(k.sku()));
        return skus;
    }
}
