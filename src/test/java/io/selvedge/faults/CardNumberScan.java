package io.selvedge.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what looks like a full card number (PAN) in stored or logged text, with an integrator's own check rather than
 * the hub's: a run of 13 to 19 digits standing on its own (not inside a hex hash or an id), with a card-scheme prefix
 * and a valid Luhn check digit. The prefix keeps epoch timestamps and GTINs out; a PAN the tests sent themselves is
 * also looked for verbatim, separators removed, wherever it hides ({@link #containsPan}).
 */
final class CardNumberScan {

    private static final Pattern RUN = Pattern.compile("(?<![0-9A-Za-z])[0-9]{13,19}(?![0-9A-Za-z])");

    private CardNumberScan() {
    }

    /** The card-number-like runs in {@code text}. */
    static List<String> find(String text) {
        List<String> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher m = RUN.matcher(text);
        while (m.find()) {
            String digits = m.group();
            if (schemePrefix(digits) && luhn(digits)) {
                found.add(digits);
            }
        }
        return found;
    }

    /** Whether {@code text} holds {@code pan}, however it was grouped (spaces, dashes, dots). */
    static boolean containsPan(String text, String pan) {
        return text != null && text.replaceAll("[ .\\-]", "").contains(pan);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay. */
    static boolean schemePrefix(String d) {
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        return d.charAt(0) == '4' || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) || two == 34 || two == 37 || two == 35
                || two == 30 || two == 36 || two == 38 || two == 39 || d.startsWith("6011") || two == 64 || two == 65 || two == 62;
    }
}
