package io.selvedge.shared;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every bad field of a request so one answer names them all (STYLE convention 8).
 * Typical use: check each field, then {@link #throwIfAny()} before anything is written.
 */
public final class Violations {

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
