package io.selvedge.reconciliation.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Imported files: one row per file content, with the first answer given for it. Insert-only. */
@Repository
public class JdbcFileImports {

    private final JdbcClient jdbc;

    public JdbcFileImports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Imported(String importId, String kind, String format, String sha256, long bytes, int lines, Instant receivedAt,
                           String receivedFrom, String response) {
    }

    public Optional<Imported> find(String kind, String sha256) {
        return jdbc.sql("""
                SELECT import_id, kind, format, content_sha256, byte_count, line_count, received_at, received_from, response
                FROM reconciliation_import WHERE kind = ? AND content_sha256 = ?""")
                .params(kind, sha256)
                .query((rs, n) -> new Imported(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4).trim(), rs.getLong(5),
                        rs.getInt(6), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8), rs.getString(9)))
                .optional();
    }

    public Optional<Imported> find(String importId) {
        return jdbc.sql("""
                SELECT import_id, kind, format, content_sha256, byte_count, line_count, received_at, received_from, response
                FROM reconciliation_import WHERE import_id = ?""")
                .params(importId)
                .query((rs, n) -> new Imported(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4).trim(), rs.getLong(5),
                        rs.getInt(6), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8), rs.getString(9)))
                .optional();
    }

    public void insert(Imported file) {
        jdbc.sql("""
                INSERT INTO reconciliation_import (import_id, kind, format, content_sha256, byte_count, line_count, received_at,
                    received_from, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(file.importId(), file.kind(), file.format(), file.sha256(), file.bytes(), file.lines(),
                        OffsetDateTime.ofInstant(file.receivedAt(), ZoneOffset.UTC), file.receivedFrom(), file.response())
                .update();
    }
}
