package io.selvedge.inventory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One location's availability of one SKU as broadcast: exactly the row {@code GET /inventory/availability}
 * returns and the {@code data} of {@code availability.changed}. {@code available} never goes below zero, while
 * {@code onHand} may (an oversell).
 */
public record AvailabilityRow(String sku, String location, long onHand, long allocated, long inTransit, long available, long sequence) {

    /** The API's field order: sku, location, onHand, allocated, inTransit, available, sequence. */
    public Map<String, Object> toMap() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sku", sku);
        row.put("location", location);
        row.put("onHand", onHand);
        row.put("allocated", allocated);
        row.put("inTransit", inTransit);
        row.put("available", available);
        row.put("sequence", sequence);
        return row;
    }
}
