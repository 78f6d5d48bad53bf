package io.selvedge.inventory.domain;

import java.util.List;

/**
 * How a POS's figure can differ from the ledger's as of the same moment, and what may explain it: when the movements
 * the ledger dates after that moment, taken oldest first, add up to the difference, the POS had most likely already
 * counted them (a sale it stamped earlier than it reached the hub, a receipt it booked on arrival).
 */
public final class Drifts {

    private Drifts() {
    }

    /**
     * How many of {@code laterEffects} (each a later movement's signed effect on on-hand, oldest first) explain
     * {@code difference} (the POS's figure minus the ledger's as of the snapshot): the shortest prefix that sums to
     * it, or 0 when none does (or there is no difference).
     */
    public static int explainingPrefix(long difference, List<Long> laterEffects) {
        if (difference == 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < laterEffects.size(); i++) {
            sum = Math.addExact(sum, laterEffects.get(i));
            if (sum == difference) {
                return i + 1;
            }
        }
        return 0;
    }
}
