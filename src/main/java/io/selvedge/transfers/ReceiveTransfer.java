package io.selvedge.transfers;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A validated {@code POST /transfers/{ref}/receipt}: what actually arrived at {@code occurredAt}, SKU to units (zero or
 * more). A shipped SKU left out did not arrive; a SKU that was not shipped arrived extra.
 */
public record ReceiveTransfer(String transferRef, Map<String, Long> lines, Instant occurredAt, String receivedBy) {

    public ReceiveTransfer {
        Objects.requireNonNull(transferRef, "transferRef");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedBy, "receivedBy");
        lines = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lines));
    }
}
