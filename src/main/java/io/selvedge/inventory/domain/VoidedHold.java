package io.selvedge.inventory.domain;

import java.time.Instant;
import java.util.List;

/** A hold released or expired: its units are free again. Final. */
public record VoidedHold(HoldId id, List<HeldLine> lines, VoidReason reason, String movementId, Instant voidedAt) implements Hold {

    public VoidedHold {
        lines = List.copyOf(lines);
    }
}
