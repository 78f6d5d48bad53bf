package io.selvedge.inventory.domain;

import java.util.List;
import java.util.Objects;

/**
 * One immutable ledger entry, TigerBeetle-style two-phase: a transfer is either {@code POSTED} at once, or
 * {@code PENDING} (a hold) and later resolved by exactly one {@code POST} or {@code VOID} entry that names it.
 */
public record Entry(Phase phase, Transfer transfer, Long resolves) {

    public enum Phase { POSTED, PENDING, POST, VOID }

    public Entry {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(transfer, "transfer");
        boolean resolving = phase == Phase.POST || phase == Phase.VOID;
        if (resolving != (resolves != null)) {
            throw new IllegalArgumentException(phase + (resolving ? " must name the pending entry it resolves" : " resolves nothing"));
        }
    }

    public static Entry posted(Transfer transfer) {
        return new Entry(Phase.POSTED, transfer, null);
    }

    public static Entry pending(Transfer transfer) {
        return new Entry(Phase.PENDING, transfer, null);
    }

    /** What this entry does to the balances of its two accounts; the deltas of one entry sum to zero per column. */
    public List<BalanceDelta> deltas() {
        Transfer t = transfer;
        long q = t.quantity();
        return switch (phase) {
            case POSTED -> List.of(new BalanceDelta(t.from(), t.sku(), -q, 0, 0), new BalanceDelta(t.to(), t.sku(), q, 0, 0));
            case PENDING -> List.of(new BalanceDelta(t.from(), t.sku(), 0, q, 0), new BalanceDelta(t.to(), t.sku(), 0, 0, q));
            case POST -> List.of(new BalanceDelta(t.from(), t.sku(), -q, -q, 0), new BalanceDelta(t.to(), t.sku(), q, 0, -q));
            case VOID -> List.of(new BalanceDelta(t.from(), t.sku(), 0, -q, 0), new BalanceDelta(t.to(), t.sku(), 0, 0, -q));
        };
    }

    /** Whether the entry moves units for good (a posted transfer, or the post of a pending one). */
    public boolean movesPosted() {
        return phase == Phase.POSTED || phase == Phase.POST;
    }
}
