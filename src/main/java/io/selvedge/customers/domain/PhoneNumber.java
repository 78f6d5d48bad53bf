package io.selvedge.customers.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;
import java.util.Objects;

/** A phone number in E.164 ({@code +13105550100}), the one form it is matched and stored by. Personal data. */
public record PhoneNumber(String e164) {

    public static final int MAX_LENGTH = 40;
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    public PhoneNumber {
        Objects.requireNonNull(e164, "e164");
        if (!e164.matches("\\+[1-9]\\d{1,14}")) {
            throw new IllegalArgumentException("must be in E.164 form");
        }
    }

    /**
     * Reads a number as a person typed it. {@code defaultRegion} (ISO 3166, e.g. "US": the store's country) is
     * used for numbers written without a country code; with none, only international numbers (+...) are read.
     * Only numbers that are possible for their country are accepted, including their area code (a local-only
     * 555-0100 could be anyone's). Throws {@link IllegalArgumentException} with an API-fit message that never
     * repeats the number.
     */
    public static PhoneNumber parse(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        String region = defaultRegion == null || defaultRegion.isBlank() ? "ZZ" : defaultRegion.toUpperCase(Locale.ROOT);
        try {
            var number = PHONES.parse(raw, region);
            if (PHONES.isPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
                throw new IllegalArgumentException(impossible(region));
            }
            return new PhoneNumber(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            throw new IllegalArgumentException(e.getErrorType() == NumberParseException.ErrorType.INVALID_COUNTRY_CODE
                    && region.equals("ZZ")
                    ? "must start with + and the country code (no default country is known for this sender)"
                    : impossible(region));
        }
    }

    private static String impossible(String region) {
        return "must be a possible phone number, with its area code"
                + (region.equals("ZZ") ? " and country code (+...)" : " (national for " + region + ", or international +...)");
    }

    @Override
    public String toString() {
        return "PhoneNumber[redacted]";
    }
}
