package io.selvedge.transfers;

import java.util.Map;
import java.util.Objects;

/** A validated {@code POST /transfers}: {@code lines} is SKU to planned units (each positive), in request order. */
public record CreateTransfer(String transferRef, String from, String to, Map<String, Long> lines, String createdBy) {

    public CreateTransfer {
        Objects.requireNonNull(transferRef, "transferRef");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(createdBy, "createdBy");
        lines = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lines));
    }
}
