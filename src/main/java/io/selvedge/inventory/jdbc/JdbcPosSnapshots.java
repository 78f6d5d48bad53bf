package io.selvedge.inventory.jdbc;

import static io.selvedge.shared.SqlTimes.instant;
import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.inventory.domain.Movements;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** A POS's figure for one SKU at one location, as of its snapshot. */
    public record Reported(String location, Instant asOf, String sku, long quantity) {
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

    /**
     * Per location and SKU, the figure of the latest snapshot (by {@code asOf}) that lists the SKU, so a POS may report a
     * store in parts; of one location or all, of one SKU or all, ordered by location and SKU.
     */
    public List<Reported> latestPerSku(String location, String sku) {
        StringBuilder sql = new StringBuilder("""
                SELECT s.location, s.as_of, l.sku, l.quantity
                FROM stock_pos_snapshot_line l JOIN stock_pos_snapshot s ON s.id = l.snapshot_id
                WHERE s.as_of = (SELECT MAX(s2.as_of) FROM stock_pos_snapshot_line l2 JOIN stock_pos_snapshot s2 ON s2.id = l2.snapshot_id
                                 WHERE s2.location = s.location AND l2.sku = l.sku)""");
        Map<String, Object> params = new LinkedHashMap<>();
        if (location != null) {
            sql.append(" AND s.location = :location");
            params.put("location", location);
        }
        if (sku != null) {
            sql.append(" AND l.sku = :sku");
            params.put("sku", sku);
        }
        sql.append(" ORDER BY s.location, l.sku");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Reported(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getLong(4)))
                .list();
    }
}
