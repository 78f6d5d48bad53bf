package io.selvedge.inventory.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change to one (account, SKU) balance: posted units, and units pending out of or into the account
 * (holds). Balances are kept as the running sum of these, in the same transaction as the entries.
 */
public record BalanceDelta(Account account, String sku, long posted, long pendingOut, long pendingIn) {

    public boolean isZero() {
        return posted == 0 && pendingOut == 0 && pendingIn == 0;
    }

    /** The entries' deltas summed per (account, SKU), in first-touched order, zero rows dropped: one update per balance. */
    public static List<BalanceDelta> combine(List<Entry> entries) {
        Map<String, BalanceDelta> sums = new LinkedHashMap<>();
        for (Entry entry : entries) {
            for (BalanceDelta d : entry.deltas()) {
                sums.merge(d.account().code() + "|" + d.sku(), d, BalanceDelta::plus);
            }
        }
        List<BalanceDelta> out = new ArrayList<>();
        sums.values().stream().filter(d -> !d.isZero()).forEach(out::add);
        return out;
    }

    public BalanceDelta plus(BalanceDelta other) {
        if (!account.equals(other.account) || !sku.equals(other.sku)) {
            throw new IllegalArgumentException("deltas of different balances");
        }
        return new BalanceDelta(account, sku, Math.addExact(posted, other.posted),
                Math.addExact(pendingOut, other.pendingOut), Math.addExact(pendingIn, other.pendingIn));
    }
}
