package io.selvedge.inventory.domain;

/**
 * What the ledger says of one SKU at one location: on-hand (may be negative after an oversell), units held
 * by pending transfers, and units in transit to it.
 */
public record Figures(long onHand, long allocated, long inTransit) {

    public static final Figures NONE = new Figures(0, 0, 0);

    /** On-hand less holds, unclamped: negative when sales or counts have eaten into held units. */
    public long sellable() {
        return onHand - allocated;
    }

    /** Available-to-sell as broadcast: on-hand − pending holds − buffer, never below zero (DESIGN, ATS). */
    public long available(long buffer) {
        return Math.max(0, sellable() - buffer);
    }

    public long available() {
        return available(0);
    }

    public Figures plus(Figures other) {
        return new Figures(Math.addExact(onHand, other.onHand), Math.addExact(allocated, other.allocated),
                Math.addExact(inTransit, other.inTransit));
    }
}
