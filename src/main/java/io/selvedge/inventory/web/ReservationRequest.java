package io.selvedge.inventory.web;

import java.util.List;

/** {@code POST /api/v1/inventory/reservations}: a channel's hold before it charges; {@code ttlSeconds} defaults from the contract. */
public record ReservationRequest(String reservationId, String channel, List<LineRequest> lines, Long ttlSeconds) {
}
