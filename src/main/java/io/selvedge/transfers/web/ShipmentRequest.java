package io.selvedge.transfers.web;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/v1/transfers/{transferRef}/shipment}; the body is optional. {@code occurredAt} defaults to when the
 * hub hears of it; {@code lines}, when given, is what actually left (else exactly what was planned).
 */
public record ShipmentRequest(Instant occurredAt, List<LineRequest> lines) {
}
