package io.selvedge.inventory.domain;

/**
 * What a movement is; the first five and {@code SAMPLE_RETURN} arrive through {@code POST /inventory/movements}, the rest
 * from other modules, holds and transfers.
 */
public enum MovementKind {
    RECEIPT, DAMAGE, SAMPLE, COUNT, ADJUSTMENT,
    SALE, EMPLOYEE_SALE, SALE_REVERSAL, CHANNEL_SALE,
    HOLD, HOLD_POST, HOLD_VOID,
    /** Units back from the samples account into a location's on-hand (the way back of {@code SAMPLE}). */
    SAMPLE_RETURN,
    /** A store-to-store transfer leaving: origin on-hand to the destination's in-transit. */
    TRANSFER_SHIP,
    /** A transfer arriving: in-transit to on-hand, short units to shrink-in-transit, extra units from found. */
    TRANSFER_RECEIVE;

    /** The contract message that lets a system send this movement, for the kinds integrators post. */
    public String message() {
        return switch (this) {
            case RECEIPT -> "inventory.receipt";
            case DAMAGE -> "inventory.damage";
            case SAMPLE, SAMPLE_RETURN -> "inventory.sample"; // who may send samples out may take them back
            case COUNT -> "inventory.count";
            case ADJUSTMENT -> "inventory.adjustment";
            default -> throw new IllegalStateException(this + " is not posted by integrators");
        };
    }
}
