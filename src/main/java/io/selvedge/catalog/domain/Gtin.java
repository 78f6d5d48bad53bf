package io.selvedge.catalog.domain;

/**
 * A GS1 trade item number (GTIN-8, -12, -13 or -14) whose check digit is verified at creation.
 * Stored as given; {@link #asGtin14()} pads to 14 digits so "036000241457" and "0036000241457" are the same item.
 */
public record Gtin(String value) {

    public Gtin {
        if (value == null || !value.matches("\\d{8}|\\d{12,14}")) {
            throw new IllegalArgumentException("must be 8, 12, 13 or 14 digits");
        }
        int expected = checkDigit(value.substring(0, value.length() - 1));
        if (value.charAt(value.length() - 1) - '0' != expected) {
            throw new IllegalArgumentException("has a wrong check digit (expected " + expected + ")");
        }
    }

    public static Gtin of(String value) {
        return new Gtin(value);
    }

    /** GS1 mod-10: from the right, weights 3,1,3,1... over the digits before the check digit. */
    public static int checkDigit(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int digit = body.charAt(body.length() - 1 - i) - '0';
            sum += digit * (i % 2 == 0 ? 3 : 1);
        }
        return (10 - sum % 10) % 10;
    }

    public String asGtin14() {
        return "0".repeat(14 - value.length()) + value;
    }
}
