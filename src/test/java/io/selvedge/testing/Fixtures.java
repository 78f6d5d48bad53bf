package io.selvedge.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies shaped as API.md shows them, with ids a test chooses. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A style with one colour (NAVY) in sizes S, M, L; SKUs are {@code <styleCode>-NAVY-<size>}, price 89.00 USD. */
    public static Map<String, Object> anyStyle(String styleCode) {
        List<Map<String, Object>> variants = new ArrayList<>();
        for (String size : List.of("S", "M", "L")) {
            variants.add(Map.of("sku", styleCode + "-NAVY-" + size, "colour", "NAVY", "size", size));
        }
        Map<String, Object> style = new LinkedHashMap<>();
        style.put("name", "Overshirt");
        style.put("season", "FW26");
        style.put("category", "Shirts");
        style.put("taxClass", "apparel-standard");
        style.put("colours", List.of(Map.of("code", "NAVY", "name", "Navy")));
        style.put("sizes", List.of("S", "M", "L"));
        style.put("variants", variants);
        style.put("prices", List.of(Map.of("priceList", "retail-usd", "currency", "USD", "amount", "89.00",
                "effectiveFrom", "2026-01-01T00:00:00Z")));
        return style;
    }

    public static String sku(String styleCode, String size) {
        return styleCode + "-NAVY-" + size;
    }

    /** A movement body: {@code lines} alternate sku, quantity. */
    public static Map<String, Object> movement(String movementId, String type, String location, Object... lines) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("movementId", movementId);
        body.put("type", type);
        body.put("location", location);
        body.put("occurredAt", "2026-11-27T08:00:00Z");
        body.put("lines", lines(lines));
        return body;
    }

    /**
     * A store transaction at STORE-ABK register R1 on 2026-11-28, in USD, with the lines and tenders given; a mutable
     * map, for a test to add to (a customer, an employee sale).
     */
    public static Map<String, Object> posTransaction(String transactionId, String type, List<?> lines, List<?> tenders) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", transactionId);
        body.put("store", "STORE-ABK");
        body.put("register", "R1");
        body.put("businessDay", "2026-11-28");
        body.put("occurredAt", "2026-11-28T22:01:10Z");
        body.put("type", type);
        body.put("currency", "USD");
        body.put("lines", lines);
        body.put("tenders", tenders);
        return body;
    }

    public static List<Map<String, Object>> lines(Object... skuQuantity) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < skuQuantity.length; i += 2) {
            lines.add(Map.of("sku", skuQuantity[i], "quantity", skuQuantity[i + 1]));
        }
        return lines;
    }
}
