package io.selvedge.inventory.domain;

import java.util.Objects;

/**
 * A ledger account for units: a location's {@code on_hand} or {@code in_transit}, or an account outside the
 * brand's stock (where receipts come from and sales, damages, shrink go to). Stored as its {@link #code()}.
 */
public record Account(Kind kind, String location) {

    public enum Kind {
        ON_HAND(true), IN_TRANSIT(true),
        SUPPLIER(false), CUSTOMER(false), EMPLOYEE(false), WHOLESALE(false),
        DAMAGED(false), SAMPLES(false), SHRINK(false), FOUND(false),
        /** Units shipped on a transfer that never arrived. */
        SHRINK_IN_TRANSIT(false);

        private final boolean located;

        Kind(boolean located) {
            this.located = located;
        }

        public boolean located() {
            return located;
        }

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Account {
        Objects.requireNonNull(kind, "kind");
        if (kind.located() != (location != null)) {
            throw new IllegalArgumentException(kind.located() ? kind.code() + " needs a location" : kind.code() + " has no location");
        }
        if (location != null && (location.isBlank() || location.indexOf('@') >= 0)) {
            throw new IllegalArgumentException("bad location code '" + location + "'");
        }
    }

    public static Account onHand(String location) {
        return new Account(Kind.ON_HAND, location);
    }

    public static Account inTransit(String location) {
        return new Account(Kind.IN_TRANSIT, location);
    }

    public static Account outside(Kind kind) {
        return new Account(kind, null);
    }

    public static final Account SUPPLIER = outside(Kind.SUPPLIER);
    public static final Account CUSTOMER = outside(Kind.CUSTOMER);
    public static final Account EMPLOYEE = outside(Kind.EMPLOYEE);
    public static final Account WHOLESALE = outside(Kind.WHOLESALE);
    public static final Account DAMAGED = outside(Kind.DAMAGED);
    public static final Account SAMPLES = outside(Kind.SAMPLES);
    public static final Account SHRINK = outside(Kind.SHRINK);
    public static final Account FOUND = outside(Kind.FOUND);
    public static final Account SHRINK_IN_TRANSIT = outside(Kind.SHRINK_IN_TRANSIT);

    /** {@code on_hand@WH1}, {@code in_transit@STORE-MEL}, {@code supplier}. */
    public String code() {
        return location == null ? kind.code() : kind.code() + "@" + location;
    }

    public static Account parse(String code) {
        int at = code.indexOf('@');
        String kind = at < 0 ? code : code.substring(0, at);
        return new Account(Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)), at < 0 ? null : code.substring(at + 1));
    }

    @Override
    public String toString() {
        return code();
    }
}
