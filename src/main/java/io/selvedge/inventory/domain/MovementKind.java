package io.selvedge.inventory.domain;

/** What a movement is; the first five arrive through {@code POST /inventory/movements}, the rest from other modules and holds. */
public enum MovementKind {
    RECEIPT, DAMAGE, SAMPLE, COUNT, ADJUSTMENT,
    SALE, EMPLOYEE_SALE, SALE_REVERSAL, CHANNEL_SALE,
    HOLD, HOLD_POST, HOLD_VOID;

    /** The contract message that lets a system send this movement, for the kinds integrators post. */
    public String message() {
        return switch (this) {
            case RECEIPT -> "inventory.receipt";
            case DAMAGE -> "inventory.damage";
            case SAMPLE -> "inventory.sample";
            case COUNT -> "inventory.count";
            case ADJUSTMENT -> "inventory.adjustment";
            default -> throw new IllegalStateException(this + " is not posted by integrators");
        };
    }
}
