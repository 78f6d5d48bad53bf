package io.selvedge.transfers.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A transfer on its way: its units are in the destination's in-transit. */
public record ShippedTransfer(TransferHeader header, List<TransferLine> lines, Instant shippedAt, String shippedBy) implements Transfer {

    public ShippedTransfer {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(shippedAt, "shippedAt");
        Objects.requireNonNull(shippedBy, "shippedBy");
        lines = List.copyOf(lines);
        if (lines.stream().anyMatch(l -> l.shipped() == null || l.received() != null)) {
            throw new IllegalArgumentException("a shipped transfer has shipped lines, none received");
        }
    }

    @Override
    public Status status() {
        return Status.SHIPPED;
    }

    /** SKU to units shipped (positive ones only), in line order. */
    public Map<String, Long> shipped() {
        Map<String, Long> shipped = new LinkedHashMap<>();
        lines.stream().filter(l -> l.shipped() > 0).forEach(l -> shipped.put(l.sku(), l.shipped()));
        return shipped;
    }

    /**
     * Received at {@code at}: {@code received} (SKU to units, zero or more) is what arrived. A shipped SKU it leaves out
     * arrived not at all; a SKU it adds arrived without being shipped.
     */
    public ReceivedTransfer receive(Map<String, Long> received, Instant at, String by) {
        if (received.values().stream().anyMatch(q -> q < 0)) {
            throw new IllegalArgumentException("received quantities are zero or more");
        }
        if (at.isBefore(shippedAt)) {
            throw new IllegalArgumentException("a transfer is received after it was shipped");
        }
        Map<String, TransferLine> byKey = new LinkedHashMap<>();
        for (TransferLine line : lines) {
            byKey.put(line.sku(), new TransferLine(line.sku(), line.planned(), line.shipped(), received.getOrDefault(line.sku(), 0L),
                    line.oversold()));
        }
        received.forEach((sku, quantity) -> byKey.putIfAbsent(sku, new TransferLine(sku, 0, 0L, quantity, false)));
        return new ReceivedTransfer(header, List.copyOf(byKey.values()), shippedAt, shippedBy, at, by);
    }
}
