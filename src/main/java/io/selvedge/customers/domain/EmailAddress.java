package io.selvedge.customers.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * An email address as it was given (trimmed) and the form it is matched by: Unicode NFKC, case-folded, and,
 * when the contract's policy enables it, Gmail's dots ignored. Personal data: never log either form.
 */
public record EmailAddress(String given, String normalized) {

    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final String FORBIDDEN = "()<>[]\\,;:\"@";

    public EmailAddress {
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(normalized, "normalized");
    }

    /**
     * Parses an address; throws {@link IllegalArgumentException} with a message fit for an API error, which never
     * repeats the address (it is personal data).
     */
    public static EmailAddress parse(String raw, boolean gmailDotsInsensitive) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        String given = trim(raw);
        if (given.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        String folded = fold(given);
        int at = folded.indexOf('@');
        if (at <= 0 || at != folded.lastIndexOf('@') || at == folded.length() - 1) {
            throw new IllegalArgumentException("must be an email address such as name@example.com");
        }
        String local = folded.substring(0, at);
        String domain = folded.substring(at + 1);
        if (!validLocal(local) || !validDomain(domain)) {
            throw new IllegalArgumentException("must be an email address such as name@example.com");
        }
        if (gmailDotsInsensitive && (domain.equals("gmail.com") || domain.equals("googlemail.com"))) {
            // Gmail delivers a.n.a@ and ana@ to one mailbox, and googlemail.com is the same service.
            local = local.replace(".", "");
            domain = "gmail.com";
        }
        return new EmailAddress(given, local + "@" + domain);
    }

    /**
     * Whether two addresses as given are written alike but for letter case, Unicode form and surrounding space
     * (Gmail's dots, when ignored for matching, still count here: a customer who writes them has changed how).
     */
    public static boolean sameAsWritten(String a, String b) {
        return fold(trim(a)).equals(fold(trim(b)));
    }

    /**
     * Trim, NFKC and full case folding. The JDK has no case fold: upper then lower maps ß to ss and final sigma to
     * sigma, which lower alone does not; NFKC again after, since case mapping can undo composition. A few characters
     * need a second round (capital sharp s lowers to ß, which folds on to ss), so it runs to a fixed point.
     */
    static String fold(String text) {
        if (text.chars().allMatch(c -> c < 0x80)) {
            // ASCII is its own NFKC form and folds by lowering its letters: most addresses, read on every sale
            return trim(text.toLowerCase(Locale.ROOT));
        }
        return foldUnicode(text);
    }

    /** {@link #fold} the long way, for any text. */
    static String foldUnicode(String text) {
        String current = text;
        for (int round = 0; round < 4; round++) {
            String next = foldOnce(current);
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
        return current;
    }

    private static String foldOnce(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String folded = nfkc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return trim(Normalizer.normalize(folded, Normalizer.Form.NFKC));
    }

    /** Strips whitespace including no-break and other Unicode spaces, which {@link String#strip()} keeps. */
    static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200b' || c == '\ufeff';
    }

    private static boolean validLocal(String local) {
        return local.codePointCount(0, local.length()) <= MAX_LOCAL_LENGTH
                && !local.startsWith(".") && !local.endsWith(".") && !local.contains("..")
                && local.codePoints().allMatch(EmailAddress::allowed);
    }

    private static boolean validDomain(String domain) {
        if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".")) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.codePoints().allMatch(c -> c == '-' || Character.isLetterOrDigit(c) || isMark(c))) {
                return false;
            }
        }
        String tld = labels[labels.length - 1];
        return tld.length() >= 2 && !tld.chars().allMatch(Character::isDigit);
    }

    private static boolean allowed(int c) {
        return c > ' ' && c != 0x7f && !Character.isWhitespace(c) && !Character.isSpaceChar(c) && !Character.isISOControl(c)
                && Character.getType(c) != Character.FORMAT && FORBIDDEN.indexOf(c) < 0;
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    @Override
    public String toString() {
        return "EmailAddress[redacted]";
    }
}
