package io.selvedge.shopify.inventory;

import java.util.HashMap;
import java.util.Map;

/**
 * What a call will cost, learnt from what Shopify said earlier calls cost ({@code requestedQueryCost}): per operation a
 * straight line through the two latest calls of different sizes (cost = fixed + per item × items), or through one call
 * and the origin until a second size is seen. Before any answer, {@code initial} per call.
 */
final class CostModel {

    private final double initial;
    private final Map<String, double[]> seen = new HashMap<>();

    CostModel(double initial) {
        this.initial = initial;
    }

    synchronized double estimate(String operation, int items) {
        double[] s = seen.get(operation);
        if (s == null) {
            return initial;
        }
        if (Double.isNaN(s[2])) {
            return Math.max(1, Math.ceil(s[1] * items / Math.max(1, s[0])));
        }
        double slope = (s[3] - s[1]) / (s[2] - s[0]);
        return Math.max(1, Math.ceil(s[1] + slope * (items - s[0])));
    }

    /** {@code [items, cost, items, cost]} of the latest call and the latest one of another size (NaN until there is one). */
    synchronized void observe(String operation, int items, double cost) {
        double[] s = seen.get(operation);
        if (s == null) {
            seen.put(operation, new double[] {items, cost, Double.NaN, Double.NaN});
        } else if (s[0] == items) {
            s[1] = cost;
        } else {
            seen.put(operation, new double[] {items, cost, s[0], s[1]});
        }
    }
}
