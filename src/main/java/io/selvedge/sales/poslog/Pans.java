package io.selvedge.sales.poslog;

import io.selvedge.shared.CardNumbers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks what looks like a full card number in text the hub writes back (a parser message, an id), so none is ever echoed. */
final class Pans {

    private static final Pattern DIGITS = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

    private Pans() {
    }

    static String mask(String text) {
        if (text == null || !CardNumbers.containsCardNumber(text)) {
            return text;
        }
        Matcher m = DIGITS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String run = m.group();
            m.appendReplacement(out, CardNumbers.containsCardNumber(run) ? "[card number removed]" : Matcher.quoteReplacement(run));
        }
        m.appendTail(out);
        return out.toString();
    }
}
