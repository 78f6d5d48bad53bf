package io.selvedge.catalog.imports;

import io.selvedge.shared.Databases;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** An import's progress and row errors. */
@Repository
class JdbcImports {

    record Progress(long lastLine, boolean done) {
    }

    record RowError(long line, String field, String reason) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final WriteTransactions writes;
    private final Clock clock;

    JdbcImports(JdbcClient jdbc, JdbcTemplate batch, WriteTransactions writes, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.writes = writes;
        this.clock = clock;
    }

    /** Starts an import, or finds where an earlier run of it got to. */
    Progress start(String importId, String format, String by) {
        return writes.write(() -> {
            Optional<Progress> known = jdbc.sql("SELECT last_line, status FROM catalog_import WHERE import_id = ?").param(importId)
                    .query((rs, n) -> new Progress(rs.getLong(1), "DONE".equals(rs.getString(2)))).optional();
            if (known.isPresent()) {
                return known.get();
            }
            jdbc.sql("""
                    INSERT INTO catalog_import (import_id, format, status, lines_read, rows_accepted, rows_refused, styles_published,
                        last_line, last_revision, started_by, started_at, updated_at) VALUES (?, ?, 'RUNNING', 0, 0, 0, 0, 0, 0, ?, ?, ?)""")
                    .params(importId, format, by, now(), now()).update();
            return new Progress(0, false);
        });
    }

    void format(String importId, String format) {
        writes.write(() -> jdbc.sql("UPDATE catalog_import SET format = ? WHERE import_id = ?").params(format, importId).update());
    }

    /** Inside the chunk's write: the chunk's counts, its errors, and the last line now committed. */
    void progress(String importId, long lastLine, long accepted, long refused, long styles, long revision, List<RowError> errors,
                  io.selvedge.shared.Leases.Fence fence) {
        int updated = jdbc.sql("""
                UPDATE catalog_import SET last_line = :line, lines_read = :line, rows_accepted = rows_accepted + :accepted,
                    rows_refused = rows_refused + :refused, styles_published = styles_published + :styles,
                    last_revision = CASE WHEN :revision > 0 THEN :revision ELSE last_revision END, updated_at = :now
                WHERE import_id = :id""" + " AND " + io.selvedge.shared.Leases.Fence.SQL)
                .param("line", lastLine).param("accepted", accepted).param("refused", refused).param("styles", styles)
                .param("revision", revision).param("now", now()).param("id", importId).params(fence.params()).update();
        if (updated != 1) {
            // the lease went to another instance (this one was cut off from the database, or paused, past its TTL): the
            // chunk rolls back, and whoever holds the lease now resumes after the last line committed under it
            throw new IllegalStateException("import " + importId + " lost its lease; this chunk is not committed");
        }
        if (!errors.isEmpty()) {
            batch.batchUpdate("INSERT INTO catalog_import_error (import_id, line, field, reason) VALUES (?, ?, ?, ?)",
                    errors.stream().map(e -> new Object[] {importId, e.line(), truncate(e.field(), 100), truncate(e.reason(), 400)}).toList());
        }
    }

    /**
     * Refreshes the planner's statistics of the catalogue's tables: right after a bulk load they still describe the
     * catalogue as it was, and a planner that thinks a million-row table small sorts it instead of walking its index.
     */
    void refreshStatistics() {
        List<String> tables = List.of("style", "variant", "variant_version", "price", "price_announcement");
        batch.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            boolean postgres = Databases.isPostgres(c);
            try (java.sql.Statement statement = c.createStatement()) {
                if (postgres) {
                    statement.execute("ANALYZE " + String.join(", ", tables));
                } else {
                    for (String table : tables) {
                        statement.execute("ANALYZE TABLE " + table);
                    }
                }
            }
            return null;
        });
    }

    void finish(String importId) {
        writes.write(() -> jdbc.sql("UPDATE catalog_import SET status = 'DONE', updated_at = ? WHERE import_id = ?")
                .params(now(), importId).update());
    }

    Optional<Map<String, Object>> report(String importId) {
        return jdbc.sql("""
                SELECT import_id, format, status, lines_read, rows_accepted, rows_refused, styles_published, last_line, last_revision,
                    started_at, updated_at FROM catalog_import WHERE import_id = ?""")
                .param(importId).query((rs, n) -> {
                    Map<String, Object> report = new LinkedHashMap<>();
                    report.put("importId", rs.getString(1));
                    report.put("format", rs.getString(2));
                    report.put("status", rs.getString(3));
                    report.put("linesRead", rs.getLong(4));
                    report.put("rowsAccepted", rs.getLong(5));
                    report.put("rowsRefused", rs.getLong(6));
                    report.put("stylesPublished", rs.getLong(7));
                    report.put("lastCommittedLine", rs.getLong(8));
                    report.put("lastRevision", rs.getLong(9));
                    report.put("startedAt", rs.getObject(10, OffsetDateTime.class).toInstant().toString());
                    report.put("updatedAt", rs.getObject(11, OffsetDateTime.class).toInstant().toString());
                    return report;
                }).optional().map(report -> {
                    report.put("errors", jdbc.sql("SELECT line, field, reason FROM catalog_import_error WHERE import_id = ? ORDER BY line, id LIMIT 1000")
                            .param(importId).query((rs, n) -> Map.of("line", rs.getLong(1), "field", rs.getString(2), "reason", rs.getString(3)))
                            .list());
                    return report;
                });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String truncate(String text, int max) {
        if (text == null) {
            return "is not valid";
        }
        return text.length() <= max ? text : text.substring(0, max);
    }
}
