package io.selvedge.inventory;

import java.util.List;

/** The stock answer to a channel order (web, wholesale): sold, short, or its reservation unusable. */
public sealed interface ChannelSaleOutcome {

    record Sold(StockEffect effect) implements ChannelSaleOutcome {
    }

    /** Nothing was taken: these SKUs are short. */
    record Short(List<Shortage> shortages) implements ChannelSaleOutcome {
    }

    /** The reservation named is unknown, released, expired, already consumed, or does not cover the lines. */
    record ReservationUnusable(String reservationId, String reason) implements ChannelSaleOutcome {
    }
}
