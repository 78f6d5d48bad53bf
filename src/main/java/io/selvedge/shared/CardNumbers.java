package io.selvedge.shared;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds full card numbers (PANs) in text, so a payload carrying one is refused before it is parsed,
 * stored or logged. A PAN here is 13 to 19 digits, optionally grouped by single spaces or dashes, with a
 * card-scheme prefix and a valid Luhn check digit. Processor references that are not PANs mostly fail
 * one of those tests; last-four digits never match.
 */
public final class CardNumbers {

    static final Pattern CANDIDATE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

    private CardNumbers() {
    }

    public static boolean containsCardNumber(String text) {
        if (!hasLongDigitRun(text)) {
            return false; // the common case, found in one pass without the regex
        }
        Matcher matcher = CANDIDATE.matcher(text);
        while (matcher.find()) {
            if (matcher.group().indexOf('-') >= 0 && partOfDashedId(text, matcher.start(), matcher.end(), matcher.group())) {
                continue;
            }
            String digits = matcher.group().replaceAll("[ -]", "");
            if (looksLikePan(digits)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether dash-grouped digits are the all-digit stretch of a longer dashed id (a UUID such as a subscription id,
     * 1 in a few thousand of which has 13 or more digits in a row across its dashes) rather than a card number: a
     * card number's dashed groups start with four digits, and it is not glued to letters or to a further dashed group.
     */
    static boolean partOfDashedId(String text, int start, int end, String candidate) {
        int firstSeparator = indexOfSeparator(candidate);
        if (firstSeparator != 4) {
            return true;
        }
        if (start >= 1 && Character.isLetter(text.charAt(start - 1))
                || start >= 2 && text.charAt(start - 1) == '-' && Character.isLetterOrDigit(text.charAt(start - 2))) {
            return true;
        }
        return end < text.length() && (Character.isLetter(text.charAt(end))
                || text.charAt(end) == '-' && end + 1 < text.length() && Character.isLetterOrDigit(text.charAt(end + 1)));
    }

    private static int indexOfSeparator(String candidate) {
        for (int i = 0; i < candidate.length(); i++) {
            if (candidate.charAt(i) == '-' || candidate.charAt(i) == ' ') {
                return i;
            }
        }
        return -1;
    }

    /** Whether some stretch of digits, single spaces and dashes holds at least 13 digits: a PAN needs one. */
    static boolean hasLongDigitRun(String text) {
        int digits = 0;
        boolean separated = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits >= 13) {
                    return true;
                }
                separated = false;
            } else if ((c == ' ' || c == '-') && digits > 0 && !separated) {
                separated = true;
            } else {
                digits = 0;
                separated = false;
            }
        }
        return false;
    }

    static boolean looksLikePan(String digits) {
        return digits.length() >= 13 && digits.length() <= 19 && hasSchemePrefix(digits) && luhnValid(digits);
    }

    /** Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, Discover 6011/64/65, JCB 35, Diners 30/36/38/39, UnionPay 62. */
    static boolean hasSchemePrefix(String d) {
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        return d.charAt(0) == '4'
                || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
                || two == 34 || two == 37 || two == 35 || two == 30 || two == 36 || two == 38 || two == 39
                || d.startsWith("6011") || two == 64 || two == 65 || two == 62;
    }

    public static boolean luhnValid(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
