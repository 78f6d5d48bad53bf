package io.selvedge.inventory.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Units held by pending transfers from a location's on-hand to the hold's destination. {@code channel} is the
 * reserving channel, {@code account} the wholesale account of an allocation; {@code expiresAt} is null for
 * holds that do not expire.
 */
public record PendingHold(HoldId id, String channel, String account, List<HeldLine> lines, Instant createdAt, Instant expiresAt)
        implements Hold {

    public PendingHold {
        Objects.requireNonNull(id, "id");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a hold holds at least one line");
        }
    }

    /** The pending transfers that place a hold over {@code picks}. */
    public static List<Entry> placing(HoldId.Kind kind, List<ChannelPool.Pick> picks) {
        return picks.stream()
                .map(p -> Entry.pending(new Transfer(Account.onHand(p.location()), kind.destination(), p.sku(), p.quantity())))
                .toList();
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Whether the hold is exactly for these units per SKU (an order consuming a reservation must match it). */
    public boolean covers(Map<String, Long> perSku) {
        Map<String, Long> held = new java.util.LinkedHashMap<>();
        lines.forEach(l -> held.merge(l.sku(), l.quantity(), Math::addExact));
        return held.equals(perSku);
    }

    /** The entries that post every pending transfer of the hold: the units leave on-hand for the destination. */
    public List<Entry> postingEntries() {
        return resolving(Entry.Phase.POST);
    }

    /** The entries that void every pending transfer of the hold: the units are free again. */
    public List<Entry> voidingEntries() {
        return resolving(Entry.Phase.VOID);
    }

    public PostedHold post(String movementId, Instant at) {
        return new PostedHold(id, lines, movementId, at);
    }

    public VoidedHold voidFor(VoidReason reason, String movementId, Instant at) {
        return new VoidedHold(id, lines, reason, movementId, at);
    }

    private List<Entry> resolving(Entry.Phase phase) {
        return lines.stream()
                .map(l -> new Entry(phase, new Transfer(Account.onHand(l.location()), id.kind().destination(), l.sku(), l.quantity()),
                        l.pendingEntryId()))
                .toList();
    }
}
