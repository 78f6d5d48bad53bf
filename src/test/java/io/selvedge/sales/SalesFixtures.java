package io.selvedge.sales;

import io.selvedge.testing.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Store transactions and orders shaped as API.md shows them. A unit sells at 89.00 plus 8.45 tax: 97.45 a unit.
 * Day: 2026-11-28 at STORE-ABK (America/Los_Angeles) unless a test moves it.
 */
final class SalesFixtures {

    static final BigDecimal UNIT = new BigDecimal("97.45");

    private SalesFixtures() {
    }

    static Map<String, Object> tx(String transactionId, String type, List<Map<String, Object>> lines, List<Map<String, Object>> tenders) {
        return Fixtures.posTransaction(transactionId, type, lines, tenders);
    }

    static Map<String, Object> sale(String transactionId, String sku, int quantity, String cardReference) {
        return tx(transactionId, "SALE", List.of(line(1, sku, quantity)), List.of(card(amount(quantity), cardReference)));
    }

    static Map<String, Object> order(String orderRef, String sku, int quantity, String last4) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderRef", orderRef);
        body.put("channel", "web");
        body.put("occurredAt", "2026-11-28T20:30:00Z");
        body.put("currency", "USD");
        body.put("lines", List.of(line(1, sku, quantity)));
        body.put("tenders", List.of(Map.of("type", "CARD", "brand", "MASTERCARD", "amount", amount(quantity), "last4", last4)));
        return body;
    }

    /** A return of {@code quantity} units of line {@code originalLine} of {@code orderRef}, refunded as {@code tenders}. */
    static Map<String, Object> returnOf(String transactionId, String orderRef, int originalLine, String sku, int quantity,
                                        List<Map<String, Object>> tenders) {
        return tx(transactionId, "RETURN", List.of(returned(1, sku, quantity, orderRef, originalLine, null)), tenders);
    }

    static Map<String, Object> line(int lineNo, String sku, int quantity) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("lineNo", lineNo);
        line.put("sku", sku);
        line.put("quantity", quantity);
        line.put("unitPrice", "89.00");
        line.put("discount", "0.00");
        line.put("tax", new BigDecimal("8.45").multiply(BigDecimal.valueOf(quantity)).toPlainString());
        return line;
    }

    static Map<String, Object> returned(int lineNo, String sku, int quantity, String orderRef, Integer originalLine, String condition) {
        Map<String, Object> line = line(lineNo, sku, quantity);
        if (orderRef != null) {
            line.put("returnOf", Map.of("orderRef", orderRef, "lineNo", originalLine));
        }
        if (condition != null) {
            line.put("condition", condition);
        }
        return line;
    }

    static Map<String, Object> card(String amount, String reference) {
        Map<String, Object> tender = new LinkedHashMap<>();
        tender.put("type", "CARD");
        tender.put("brand", "VISA");
        tender.put("amount", amount);
        if (reference != null) {
            tender.put("reference", reference);
        }
        tender.put("last4", "4242");
        return tender;
    }

    static Map<String, Object> tender(String type, String amount) {
        return Map.of("type", type, "amount", amount);
    }

    /** What {@code quantity} units come to, e.g. "194.90". */
    static String amount(long quantity) {
        return UNIT.multiply(BigDecimal.valueOf(quantity)).toPlainString();
    }

    static String refund(long quantity) {
        return UNIT.multiply(BigDecimal.valueOf(quantity)).negate().toPlainString();
    }

    static List<Map<String, Object>> list(Map<String, Object>... items) {
        return new ArrayList<>(List.of(items));
    }
}
