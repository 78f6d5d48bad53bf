package io.selvedge.transfers.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A transfer planned and not yet shipped. */
public record CreatedTransfer(TransferHeader header, List<TransferLine> lines) implements Transfer {

    public CreatedTransfer {
        Objects.requireNonNull(header, "header");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a transfer moves at least one line");
        }
        if (lines.stream().anyMatch(l -> l.shipped() != null || l.planned() <= 0)) {
            throw new IllegalArgumentException("a created transfer has planned lines only, each positive");
        }
    }

    /** A new transfer of {@code planned} (SKU to units, each positive). */
    public static CreatedTransfer of(TransferHeader header, Map<String, Long> planned) {
        List<TransferLine> lines = new ArrayList<>();
        planned.forEach((sku, quantity) -> lines.add(new TransferLine(sku, quantity, null, null, false)));
        return new CreatedTransfer(header, lines);
    }

    @Override
    public Status status() {
        return Status.CREATED;
    }

    /** SKU to planned units, in line order: what a shipment takes unless it says otherwise. */
    public Map<String, Long> planned() {
        Map<String, Long> planned = new LinkedHashMap<>();
        lines.forEach(l -> planned.put(l.sku(), l.planned()));
        return planned;
    }

    /**
     * Shipped: {@code shipped} (SKU to units, each positive) left the origin at {@code at}; a planned SKU it leaves out
     * shipped zero, and a SKU it adds was unplanned. {@code oversold} are the SKUs the origin did not have available.
     */
    public ShippedTransfer ship(Map<String, Long> shipped, Set<String> oversold, Instant at, String by) {
        if (shipped.isEmpty() || shipped.values().stream().anyMatch(q -> q <= 0)) {
            throw new IllegalArgumentException("a shipment ships at least one line, each positive");
        }
        Map<String, TransferLine> byKey = new LinkedHashMap<>();
        for (TransferLine line : lines) {
            byKey.put(line.sku(), new TransferLine(line.sku(), line.planned(), shipped.getOrDefault(line.sku(), 0L), null,
                    oversold.contains(line.sku())));
        }
        shipped.forEach((sku, quantity) -> byKey.putIfAbsent(sku, new TransferLine(sku, 0, quantity, null, oversold.contains(sku))));
        return new ShippedTransfer(header, List.copyOf(byKey.values()), at, by);
    }
}
