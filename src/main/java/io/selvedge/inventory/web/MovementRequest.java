package io.selvedge.inventory.web;

import java.time.Instant;
import java.util.List;

/** {@code POST /api/v1/inventory/movements}, as in API.md. */
public record MovementRequest(String movementId, String type, String location, Instant occurredAt, String reason,
                              List<LineRequest> lines) {
}
