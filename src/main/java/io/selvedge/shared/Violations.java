package io.selvedge.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every bad field of a request so one answer names them all (STYLE convention 8).
 * Typical use: check each field, then {@link #throwIfAny()} before anything is written.
 */
public final class Violations {

    /** The most units one line may carry: far beyond any real order, far below where totals overflow. */
    public static final long MAX_QUANTITY = 1_000_000;
    /** The earliest moment the hub records: older ones are typos or epoch-second numbers read wrongly. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** How far ahead of the hub's clock a sender's moment may be (clock skew, a POS a time zone off). */
    public static final Duration FUTURE_TOLERANCE = Duration.ofDays(7);

    private final List<FieldError> errors = new ArrayList<>();

    public Violations add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public boolean required(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            add(field, "is required");
            return false;
        }
        return true;
    }

    public void positive(String field, Long value) {
        if (required(field, value) && value <= 0) {
            add(field, "must be a positive integer");
        }
    }

    /**
     * Optional free text stored in a column of {@code maxLength}: at most that many characters and no control characters
     * (PostgreSQL refuses NUL; the rest break logs, CSV exports and receipts). Returns whether it is acceptable.
     */
    public boolean text(String field, String value, int maxLength) {
        if (value == null) {
            return true;
        }
        if (value.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters");
            return false;
        }
        if (hasControlCharacter(value)) {
            add(field, "must not contain control characters");
            return false;
        }
        return true;
    }

    /** As {@link #text}, and present. */
    public boolean requiredText(String field, String value, int maxLength) {
        return required(field, value) && text(field, value, maxLength);
    }

    /** Whether the text holds a control character (C0, DEL, C1) or a lone surrogate half. */
    public static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))) {
                return true;
            }
            if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** An optional moment between {@link #EARLIEST} and {@code now} plus {@link #FUTURE_TOLERANCE}. */
    public boolean moment(String field, Instant value, Instant now) {
        if (value == null) {
            return true;
        }
        if (value.isBefore(EARLIEST)) {
            add(field, "must not be before " + EARLIEST);
            return false;
        }
        if (value.isAfter(now.plus(FUTURE_TOLERANCE))) {
            add(field, "must not be more than " + FUTURE_TOLERANCE.toDays() + " days after the hub's clock (" + now + ")");
            return false;
        }
        return true;
    }

    /** An optional date within the same bounds as {@link #moment}, in any zone. */
    public boolean date(String field, LocalDate value, Instant now) {
        if (value == null) {
            return true;
        }
        LocalDate earliest = EARLIEST.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        LocalDate latest = now.plus(FUTURE_TOLERANCE).atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1);
        if (value.isBefore(earliest) || value.isAfter(latest)) {
            add(field, "must be between " + earliest + " and " + latest);
            return false;
        }
        return true;
    }

    /** A line's quantity: present, at least {@code min} (0 or 1) and at most {@link #MAX_QUANTITY}. */
    public boolean quantity(String field, Long value, long min) {
        if (!required(field, value)) {
            return false;
        }
        if (value < min || value > MAX_QUANTITY) {
            add(field, "must be a whole number from " + min + " to " + MAX_QUANTITY);
            return false;
        }
        return true;
    }

    /** Parses a money string, recording the problem and returning null when it is bad. */
    public Money money(String field, String amount, Currency currency) {
        if (currency == null) {
            return null;
        }
        try {
            return Money.parse(amount, currency);
        } catch (IllegalArgumentException e) {
            add(field, e.getMessage());
            return null;
        }
    }

    public Currency currency(String field, String code) {
        if (!required(field, code)) {
            return null;
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            add(field, "must be an ISO 4217 currency code");
            return null;
        }
    }

    public <T> T attempt(String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            add(field, e.getMessage());
            return null;
        }
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1
                    ? errors.get(0).field() + " " + errors.get(0).message()
                    : errors.size() + " fields are invalid: " + String.join(", ", errors.stream().map(FieldError::field).toList());
            throw new ProblemException(ErrorCode.VALIDATION, detail, errors);
        }
    }
}
