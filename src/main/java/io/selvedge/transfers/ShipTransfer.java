package io.selvedge.transfers;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A validated {@code POST /transfers/{ref}/shipment}: the units that left at {@code occurredAt}; {@code lines} is null
 * when the shipment took exactly what was planned, else SKU to units shipped (each positive). {@code dated}: the
 * sender gave {@code occurredAt}; otherwise it is when the hub heard of it.
 */
public record ShipTransfer(String transferRef, Map<String, Long> lines, Instant occurredAt, String shippedBy, boolean dated) {

    public ShipTransfer(String transferRef, Map<String, Long> lines, Instant occurredAt, String shippedBy) {
        this(transferRef, lines, occurredAt, shippedBy, true);
    }

    public ShipTransfer {
        Objects.requireNonNull(transferRef, "transferRef");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(shippedBy, "shippedBy");
        lines = lines == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lines));
    }
}
