package io.selvedge.transfers.domain;

/**
 * One SKU of a transfer: what was planned, and once known what was shipped and what was received. {@code oversold}
 * marks a SKU the origin shipped without having it available. A SKU that arrived unplanned and unshipped has a
 * line with {@code planned} = 0.
 */
public record TransferLine(String sku, long planned, Long shipped, Long received, boolean oversold) {

    public TransferLine {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("a transfer line names its SKU");
        }
        if (planned < 0 || (shipped != null && shipped < 0) || (received != null && received < 0)) {
            throw new IllegalArgumentException("transfer quantities are zero or more");
        }
        if (received != null && shipped == null) {
            throw new IllegalArgumentException("a line is received only after it was shipped");
        }
    }

    /** Received less shipped: negative when units went missing, positive when more arrived; null until received. */
    public Long discrepancy() {
        return received == null ? null : received - shipped;
    }
}
