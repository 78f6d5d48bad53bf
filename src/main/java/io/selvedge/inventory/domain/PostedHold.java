package io.selvedge.inventory.domain;

import java.time.Instant;
import java.util.List;

/** A hold whose units left: fulfilled (allocation) or consumed by its order (reservation). Final. */
public record PostedHold(HoldId id, List<HeldLine> lines, String movementId, Instant postedAt) implements Hold {

    public PostedHold {
        lines = List.copyOf(lines);
    }
}
