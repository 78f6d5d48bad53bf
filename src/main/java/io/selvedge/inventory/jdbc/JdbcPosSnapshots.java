package io.selvedge.inventory.jdbc;

import io.selvedge.inventory.domain.Movements;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** POS snapshots: what a POS keeping its own stock says a location holds, as of a moment. Only ever inserted. */
@Repository
public class JdbcPosSnapshots {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcPosSnapshots(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public record Snapshot(long id, String location, Instant asOf, String reportedBy, Instant receivedAt, List<Movements.Line> lines) {
    }

    public long insert(String location, Instant asOf, String reportedBy, Instant receivedAt, List<Movements.Line> lines) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO stock_pos_snapshot (location, as_of, reported_by, received_at) VALUES (?, ?, ?, ?)")
                .params(location, utc(asOf), reportedBy, utc(receivedAt))
                .update(key, "id");
        long id = key.getKey().longValue();
        // one batched round trip: a snapshot lists a whole store
        batch.batchUpdate("INSERT INTO stock_pos_snapshot_line (snapshot_id, sku, quantity) VALUES (?, ?, ?)", lines, 500,
                (ps, line) -> {
                    ps.setLong(1, id);
                    ps.setString(2, line.sku());
                    ps.setLong(3, line.quantity());
                });
        return id;
    }

    /** The location's snapshot with the latest {@code asOf}. */
    public Optional<Snapshot> latest(String location) {
        return jdbc.sql("SELECT id, location, as_of, reported_by, received_at FROM stock_pos_snapshot WHERE location = ? "
                        + "ORDER BY as_of DESC LIMIT 1")
                .param(location)
                .query((rs, n) -> new Snapshot(rs.getLong(1), rs.getString(2), JdbcLedger.instant(rs, 3), rs.getString(4),
                        JdbcLedger.instant(rs, 5), List.of()))
                .optional()
                .map(s -> new Snapshot(s.id(), s.location(), s.asOf(), s.reportedBy(), s.receivedAt(), lines(s.id())));
    }

    /** The locations some POS has reported, in order. */
    public List<String> locations() {
        return jdbc.sql("SELECT DISTINCT location FROM stock_pos_snapshot ORDER BY location").query(String.class).list();
    }

    private List<Movements.Line> lines(long snapshotId) {
        return jdbc.sql("SELECT sku, quantity FROM stock_pos_snapshot_line WHERE snapshot_id = ? ORDER BY sku")
                .param(snapshotId)
                .query((rs, n) -> new Movements.Line(rs.getString(1), rs.getLong(2)))
                .list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
