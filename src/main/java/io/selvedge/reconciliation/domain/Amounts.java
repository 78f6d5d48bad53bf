package io.selvedge.reconciliation.domain;

import io.selvedge.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Currency;

/**
 * Reading amounts, currencies and text as files write them, refusing rather than guessing: an amount with more
 * decimals than its currency has ("1.005" EUR) is refused; trailing zeros ("18.150", "5442.09000") are not a problem.
 */
public final class Amounts {

    private Amounts() {
    }

    /** A decimal amount ("31.45", "-3500.00", "+12") in {@code currency}. */
    public static Money decimal(String text, Currency currency, String location, String what) {
        String value = text == null ? "" : text.trim();
        if (value.startsWith("+")) {
            value = value.substring(1);
        }
        if (!value.matches("-?\\d+(\\.\\d+)?")) {
            throw new Malformed(location, what + " '" + text + "' is not a decimal amount");
        }
        try {
            BigDecimal amount = new BigDecimal(value).setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY);
            return new Money(amount.unscaledValue().longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new Malformed(location, what + " '" + text + "' has more decimals than " + currency.getCurrencyCode() + " allows ("
                    + currency.getDefaultFractionDigits() + ") or is too large");
        }
    }

    /** An ISO 4217 code, in any case ("usd"). */
    public static Currency currency(String code, String location, String what) {
        if (code == null || !code.trim().matches("[A-Za-z]{3}")) {
            throw new Malformed(location, what + " '" + (code == null ? "" : code) + "' is not an ISO 4217 currency code");
        }
        try {
            return Currency.getInstance(code.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Malformed(location, what + " '" + code + "' is not an ISO 4217 currency code");
        }
    }

    /** UTF-8 text, with a leading byte-order mark dropped; bytes that are not UTF-8 are refused with their offset. */
    public static String utf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new Malformed("byte " + in.position(), "the file is not UTF-8 text");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
