package io.selvedge.inventory;

import java.util.List;

/**
 * What a recorded movement left behind: the availability sequence its lines stand at (0 if they have no row
 * yet) and each line's on-hand and available-to-sell.
 */
public record MovementRecorded(String movementId, long sequence, List<LineFigures> lines) {

    public record LineFigures(String sku, long onHand, long available) {
    }
}
