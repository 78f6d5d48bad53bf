package io.selvedge.inventory;

import io.selvedge.inventory.domain.MovementKind;
import io.selvedge.inventory.domain.Movements;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A validated movement from {@code POST /inventory/movements}: a receipt, damage, sample, sample return, count
 * (quantity = the counted figure) or adjustment (signed quantity) at one location.
 */
public record RecordMovement(String movementId, MovementKind kind, String location, Instant occurredAt, String reason,
                             List<Movements.Line> lines) {

    public static final Set<MovementKind> POSTED_BY_INTEGRATORS = Set.of(
            MovementKind.RECEIPT, MovementKind.DAMAGE, MovementKind.SAMPLE, MovementKind.COUNT, MovementKind.ADJUSTMENT,
            MovementKind.SAMPLE_RETURN);

    public RecordMovement {
        Objects.requireNonNull(movementId, "movementId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (!POSTED_BY_INTEGRATORS.contains(kind)) {
            throw new IllegalArgumentException(kind + " is not recorded as a movement");
        }
        lines = List.copyOf(lines);
    }
}
