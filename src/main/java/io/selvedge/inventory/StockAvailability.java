package io.selvedge.inventory;

import io.selvedge.contract.Contract;
import io.selvedge.inventory.domain.ChannelPool;
import io.selvedge.inventory.domain.Figures;
import io.selvedge.inventory.jdbc.JdbcLedger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/** Reads availability from the rows kept with the balances (never by summing history), and the change feed. */
@Service
public class StockAvailability implements io.selvedge.shared.CommitListener {

    private final JdbcLedger ledger;
    /** Bumped after every group commit: long-polling readers wait on it instead of polling the database. */
    private final Object commits = new Object();
    private long commitCount;

    StockAvailability(JdbcLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void committed() {
        synchronized (commits) {
            commitCount++;
            commits.notifyAll();
        }
    }

    /**
     * The changes after {@code after}; when there are none yet, waits up to {@code maxWaitMillis} for a commit that
     * brings some (a long poll: a reader hears of a change within a few milliseconds of its commit without
     * hammering the database).
     */
    public Changes awaitChanges(long after, String location, int limit, long maxWaitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitMillis * 1_000_000L;
        while (true) {
            long seen;
            synchronized (commits) {
                seen = commitCount;
            }
            Changes changes = changes(after, location, limit);
            long left = deadline - System.nanoTime();
            if (!changes.changes().isEmpty() || left <= 0) {
                return changes;
            }
            synchronized (commits) {
                if (commitCount == seen) {
                    commits.wait(Math.max(1, left / 1_000_000L));
                }
            }
        }
    }

    /** A channel's pool for one SKU: its locations' figures summed; available is net of the channel's safety buffer. */
    public record ChannelRow(String sku, String channel, List<String> locations, long onHand, long allocated, long inTransit,
                             long available, long sequence) {

        /** The availability row shape with {@code channel} added; {@code location} is the one location, or null for a pool of several. */
        public Map<String, Object> toMap() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sku", sku);
            row.put("location", locations.size() == 1 ? locations.get(0) : null);
            row.put("channel", channel);
            row.put("locations", locations);
            row.put("onHand", onHand);
            row.put("allocated", allocated);
            row.put("inTransit", inTransit);
            row.put("available", available);
            row.put("sequence", sequence);
            return row;
        }
    }

    public record Changes(List<AvailabilityRow> changes, long next) {
    }

    /** Rows of one location or all, of one SKU or all. */
    public List<AvailabilityRow> rows(String location, String sku) {
        return ledger.availability(location == null ? null : List.of(location), sku);
    }

    public List<ChannelRow> channel(Contract.Channel channel, String sku) {
        ChannelPool pool = new ChannelPool(channel.code(), channel.locations(), channel.safetyBuffer());
        Map<String, Map<String, Figures>> bySku = new TreeMap<>();
        Map<String, Long> sequences = new TreeMap<>();
        for (AvailabilityRow row : ledger.availability(channel.locations(), sku)) {
            bySku.computeIfAbsent(row.sku(), s -> new LinkedHashMap<>())
                    .put(row.location(), new Figures(row.onHand(), row.allocated(), row.inTransit()));
            sequences.merge(row.sku(), row.sequence(), Math::max);
        }
        List<ChannelRow> rows = new ArrayList<>();
        bySku.forEach((s, byLocation) -> {
            Figures sum = byLocation.values().stream().reduce(Figures.NONE, Figures::plus);
            rows.add(new ChannelRow(s, channel.code(), channel.locations(), sum.onHand(), sum.allocated(), sum.inTransit(),
                    pool.available(byLocation), sequences.get(s)));
        });
        return rows;
    }

    public Changes changes(long after, String location, int limit) {
        List<AvailabilityRow> changes = ledger.changes(after, location, limit);
        return new Changes(changes, changes.isEmpty() ? after : changes.get(changes.size() - 1).sequence());
    }

    public List<JdbcLedger.Oversell> oversells(String location, int limit) {
        return ledger.oversells(location, limit);
    }
}
