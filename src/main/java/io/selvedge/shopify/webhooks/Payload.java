package io.selvedge.shopify.webhooks;

import io.selvedge.shared.FieldError;
import io.selvedge.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Shopify JSON payload the way its pitfalls demand, collecting every bad field with its path:
 * <ul>
 *   <li>ids are the exact digits of the JSON number (Shopify's exceed 2^53: never through a double), or a digit string;</li>
 *   <li>money is a decimal string ({@code "89.99"}), or a number on the few fields where Shopify writes one (refund
 *       line subtotals), read as an exact decimal; a {@code *_set} bag's {@code shop_money} wins over the plain field;</li>
 *   <li>times carry an offset.</li>
 * </ul>
 * The mapper that reads it must have parsed floats as {@link BigDecimal} ({@code USE_BIG_DECIMAL_FOR_FLOATS}).
 */
final class Payload {

    private final List<FieldError> errors = new ArrayList<>();

    List<FieldError> errors() {
        return errors;
    }

    boolean failed() {
        return !errors.isEmpty();
    }

    void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** A required id: its exact digits. */
    String id(JsonNode parent, String field, String path) {
        String id = optionalId(parent, field, path);
        if (id == null && !has(path)) {
            error(path, "is required");
        }
        return id;
    }

    /** An id that may be null or absent; a present one must be an integer. */
    String optionalId(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (absent(node)) {
            return null;
        }
        if (node.isIntegralNumber() && node.bigIntegerValue().signum() > 0) {
            return node.bigIntegerValue().toString();
        }
        if (node.isString() && node.stringValue().matches("[1-9][0-9]{0,23}")) {
            return node.stringValue();
        }
        error(path, "must be a positive whole number (an id), not " + describe(node));
        return null;
    }

    /** The numeric id at the end of a GID ({@code gid://shopify/Order/820982911946154508}), or null. */
    static String gidNumber(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (!node.isString()) {
            return null;
        }
        String gid = node.stringValue();
        int query = gid.indexOf('?');
        String path = query < 0 ? gid : gid.substring(0, query);
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.matches("[0-9]{1,24}") ? last : null;
    }

    static String text(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (!node.isString()) {
            return null;
        }
        String text = node.stringValue().strip();
        return text.isEmpty() ? null : text;
    }

    /** A whole number of units, more than zero. */
    Long quantity(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() > 0 && node.longValue() <= 1_000_000) {
            return node.longValue();
        }
        error(path, absent(node) ? "is required" : "must be a whole number of units from 1 to 1000000, not " + describe(node));
        return null;
    }

    Currency currency(JsonNode parent, String field, String path) {
        String code = text(parent, field);
        if (code == null) {
            error(path, "is required");
            return null;
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            error(path, "is not an ISO 4217 currency code");
            return null;
        }
    }

    /** {@code processed_at}-style moment with its offset; null (and an error) when required and absent or bad. */
    Instant instant(JsonNode parent, String field, String path, boolean required) {
        String text = text(parent, field);
        if (text == null) {
            if (required) {
                error(path, "is required");
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            error(path, "must be a time with an offset, such as 2026-11-28T14:01:10-05:00");
            return null;
        }
    }

    /**
     * An amount in shop currency: {@code <field>_set.shop_money.amount} when the bag is there, else {@code <field>}.
     * Absent is zero when {@code required} is false.
     */
    Money money(JsonNode parent, String field, String path, Currency currency, boolean required) {
        JsonNode bag = parent.path(field + "_set").path("shop_money").path("amount");
        if (!absent(bag)) {
            return amount(bag, path + "_set.shop_money.amount", currency);
        }
        JsonNode node = parent.path(field);
        if (absent(node)) {
            if (required) {
                error(path, "is required");
                return null;
            }
            return Money.zero(currency);
        }
        return amount(node, path, currency);
    }

    /** A decimal string or an exact decimal number in {@code currency}; more decimals than it has are refused. */
    Money amount(JsonNode node, String path, Currency currency) {
        BigDecimal value;
        if (node.isString() && node.stringValue().strip().matches("-?[0-9]{1,15}(\\.[0-9]{1,10})?")) {
            value = new BigDecimal(node.stringValue().strip());
        } else if (node.isNumber() && !node.isDouble() && !node.isFloat()) {
            value = node.decimalValue();
        } else {
            error(path, "must be an amount such as \"89.99\", not " + describe(node));
            return null;
        }
        try {
            BigDecimal scaled = value.setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY);
            if (scaled.unscaledValue().bitLength() > 50) {
                error(path, "is out of range");
                return null;
            }
            return new Money(scaled.unscaledValue().longValueExact(), currency);
        } catch (ArithmeticException e) {
            error(path, "has more decimals than " + currency.getCurrencyCode() + " allows");
            return null;
        }
    }

    private boolean has(String path) {
        return errors.stream().anyMatch(e -> e.field().equals(path));
    }

    /** What a bad value is, without repeating it (it may be personal data). */
    static String describe(JsonNode node) {
        if (absent(node)) {
            return "null";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? "the number " + node.asString() : "a fractional number";
        }
        return node.isObject() ? "an object" : node.isArray() ? "a list" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
