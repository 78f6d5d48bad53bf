package io.selvedge.inventory.domain;

import java.util.Objects;

/** A hold is named by its kind and the client's id for it ({@code allocationId}, {@code reservationId}). */
public record HoldId(Kind kind, String reference) {

    public enum Kind {
        /** A wholesale pre-book: ships to the wholesale account when fulfilled. */
        ALLOCATION(Account.WHOLESALE),
        /** A channel's checkout hold: sold to the customer when the order consumes it. */
        RESERVATION(Account.CUSTOMER);

        private final Account destination;

        Kind(Account destination) {
            this.destination = destination;
        }

        public Account destination() {
            return destination;
        }
    }

    public HoldId {
        Objects.requireNonNull(kind, "kind");
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("a hold needs an id");
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + reference;
    }
}
