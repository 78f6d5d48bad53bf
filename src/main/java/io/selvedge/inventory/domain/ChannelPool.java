package io.selvedge.inventory.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A channel's pool: the locations it sells from, in the contract's order, and its safety buffer. Decides
 * whether a request can be met, all or nothing, and which location gives which units.
 */
public record ChannelPool(String channel, List<String> locations, long safetyBuffer) {

    public ChannelPool {
        locations = List.copyOf(locations);
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("a channel sells from at least one location");
        }
        if (safetyBuffer < 0) {
            throw new IllegalArgumentException("a safety buffer is zero or more");
        }
    }

    /** A line taken from one location. */
    public record Pick(String sku, String location, long quantity) {
    }

    /** A SKU the pool cannot give: what was asked and what the channel has available. */
    public record Short(String sku, long requested, long available) {
    }

    public sealed interface Outcome {
    }

    public record Picked(List<Pick> picks) implements Outcome {
    }

    public record Refused(List<Short> shorts) implements Outcome {
    }

    /** The channel's available-to-sell: each location's (never below zero) summed, less the buffer, never below zero. */
    public long available(Map<String, Figures> byLocation) {
        long sum = 0;
        for (String location : locations) {
            sum = Math.addExact(sum, byLocation.getOrDefault(location, Figures.NONE).available());
        }
        return Math.max(0, sum - safetyBuffer);
    }

    /**
     * Takes {@code requested} (SKU → units, each positive) greedily over the locations in order. Refused, naming
     * every SKU short, when any SKU asks more than the channel has available.
     *
     * @param figures SKU → location → what the ledger says
     */
    public Outcome take(Map<String, Long> requested, Map<String, Map<String, Figures>> figures) {
        List<Short> shorts = new ArrayList<>();
        List<Pick> picks = new ArrayList<>();
        for (Map.Entry<String, Long> want : requested.entrySet()) {
            if (want.getValue() <= 0) {
                throw new IllegalArgumentException("a request takes a positive quantity");
            }
            Map<String, Figures> byLocation = figures.getOrDefault(want.getKey(), Map.of());
            long available = available(byLocation);
            if (want.getValue() > available) {
                shorts.add(new Short(want.getKey(), want.getValue(), available));
                continue;
            }
            long remaining = want.getValue();
            for (String location : locations) {
                long take = Math.min(remaining, byLocation.getOrDefault(location, Figures.NONE).available());
                if (take > 0) {
                    picks.add(new Pick(want.getKey(), location, take));
                    remaining -= take;
                }
                if (remaining == 0) {
                    break;
                }
            }
        }
        return shorts.isEmpty() ? new Picked(List.copyOf(picks)) : new Refused(List.copyOf(shorts));
    }

    /** Sums lines per SKU, keeping first-seen order. */
    public static Map<String, Long> perSku(List<Movements.Line> lines) {
        Map<String, Long> sums = new LinkedHashMap<>();
        lines.forEach(l -> sums.merge(l.sku(), l.quantity(), Math::addExact));
        return sums;
    }
}
