package io.selvedge.app;

import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.shared.ParkedWork;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link ParkedWork} in {@code parked_work} and {@code parked_wait}. */
@Repository
class JdbcParkedWork implements ParkedWork {

    private static final String COLUMNS = """
            p.kind, p.work_id, p.location, p.business_day, p.body_hash, p.status, p.received_at, p.resolved_at, p.response_status, p.response""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    JdbcParkedWork(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    @Override
    public void park(Key key, String location, LocalDate businessDay, String bodyHash, String command, List<String> waitingFor, String response,
                     Instant at) {
        if (waitingFor.isEmpty()) {
            throw new IllegalArgumentException("parked work must wait for something");
        }
        jdbc.sql("""
                INSERT INTO parked_work (kind, work_id, location, business_day, body_hash, command, received_at, status, response_status, response)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'PARKED', 202, ?)""")
                .params(key.kind(), key.id(), location, businessDay, bodyHash, command, utc(at), response)
                .update();
        batch.batchUpdate("INSERT INTO parked_wait (kind, work_id, wait_for) VALUES (?, ?, ?)",
                waitingFor.stream().distinct().map(ref -> new Object[] {key.kind(), key.id(), ref}).toList(),
                new int[] {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR});
    }

    @Override
    public Optional<Parked> find(Collection<String> kinds, String id) {
        return list("p.kind IN (:kinds) AND p.work_id = :id", Map.of("kinds", List.copyOf(kinds), "id", id), 1).stream().findFirst();
    }

    @Override
    public boolean lock(Key key) {
        return jdbc.sql("SELECT status FROM parked_work WHERE kind = ? AND work_id = ? FOR UPDATE").params(key.kind(), key.id())
                .query(String.class).optional().filter(PARKED::equals).isPresent();
    }

    @Override
    public String command(Key key) {
        return jdbc.sql("SELECT command FROM parked_work WHERE kind = ? AND work_id = ?").params(key.kind(), key.id())
                .query(String.class).single();
    }

    @Override
    public List<Key> waitingFor(Collection<String> kinds, String waitFor) {
        return jdbc.sql("""
                SELECT p.kind, p.work_id FROM parked_wait w JOIN parked_work p ON p.kind = w.kind AND p.work_id = w.work_id
                WHERE w.wait_for = :ref AND w.kind IN (:kinds) AND p.status = 'PARKED' ORDER BY p.received_at, p.work_id""")
                .param("ref", waitFor).param("kinds", List.copyOf(kinds))
                .query((rs, n) -> new Key(rs.getString(1), rs.getString(2))).list();
    }

    @Override
    public List<String> missing(Key key, String arrived) {
        return jdbc.sql("""
                SELECT w.wait_for FROM parked_wait w WHERE w.kind = ? AND w.work_id = ? AND NOT (%s) ORDER BY w.wait_for""".formatted(arrived))
                .params(key.kind(), key.id()).query(String.class).list();
    }

    @Override
    public List<Key> ready(Collection<String> kinds, String arrived, int limit) {
        return jdbc.sql("""
                SELECT p.kind, p.work_id FROM parked_work p
                WHERE p.status = 'PARKED' AND p.kind IN (:kinds) AND NOT EXISTS (
                    SELECT 1 FROM parked_wait w WHERE w.kind = p.kind AND w.work_id = p.work_id AND NOT (%s))
                ORDER BY p.received_at, p.work_id LIMIT :limit""".formatted(arrived))
                .param("kinds", List.copyOf(kinds)).param("limit", limit)
                .query((rs, n) -> new Key(rs.getString(1), rs.getString(2))).list();
    }

    @Override
    public List<Key> parkedContaining(String kind, String fragment, String afterId, int limit) {
        return jdbc.sql("""
                SELECT kind, work_id FROM parked_work
                WHERE kind = :kind AND status = 'PARKED' AND work_id > :after AND command LIKE :like ESCAPE '!'
                ORDER BY work_id LIMIT :limit""")
                .param("kind", kind).param("after", afterId == null ? "" : afterId)
                .param("like", "%" + fragment.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%").param("limit", limit)
                .query((rs, n) -> new Key(rs.getString(1), rs.getString(2))).list();
    }

    @Override
    public void rewrite(Key key, String command) {
        jdbc.sql("UPDATE parked_work SET command = ? WHERE kind = ? AND work_id = ? AND status = 'PARKED'")
                .params(command, key.kind(), key.id())
                .update();
    }

    @Override
    public void resolve(Key key, String status, int responseStatus, String response, Instant at) {
        int updated = jdbc.sql("""
                UPDATE parked_work SET status = ?, response_status = ?, response = ?, resolved_at = ?
                WHERE kind = ? AND work_id = ? AND status = 'PARKED'""")
                .params(status, responseStatus, response, utc(at), key.kind(), key.id())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("parked " + key + " was resolved twice");
        }
    }

    @Override
    public List<Parked> list(Collection<String> kinds, String status, String location, Instant before, int limit) {
        StringBuilder where = new StringBuilder("p.kind IN (:kinds)");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("kinds", List.copyOf(kinds));
        if (status != null) {
            where.append(" AND p.status = :status");
            params.put("status", status);
        }
        if (location != null) {
            where.append(" AND p.location = :location");
            params.put("location", location);
        }
        if (before != null) {
            where.append(" AND p.received_at < :before");
            params.put("before", utc(before));
        }
        return list(where.toString(), params, limit);
    }

    @Override
    public long count(Collection<String> kinds, String status, Instant before) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("kinds", List.copyOf(kinds));
        params.put("status", status);
        if (before != null) {
            params.put("before", utc(before));
        }
        return jdbc.sql("SELECT COUNT(*) FROM parked_work WHERE kind IN (:kinds) AND status = :status"
                        + (before == null ? "" : " AND received_at < :before"))
                .params(params).query(Long.class).single();
    }

    private List<Parked> list(String where, Map<String, Object> params, int limit) {
        Map<Key, Parked> rows = new LinkedHashMap<>();
        jdbc.sql("SELECT %s FROM parked_work p WHERE %s ORDER BY p.received_at, p.kind, p.work_id LIMIT %d".formatted(COLUMNS, where, limit))
                .params(params)
                .query(rs -> {
                    OffsetDateTime resolved = rs.getObject(8, OffsetDateTime.class);
                    Parked p = new Parked(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5),
                            rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(), resolved == null ? null : resolved.toInstant(),
                            rs.getObject(9, Integer.class), rs.getString(10), new ArrayList<>());
                    rows.put(p.key(), p);
                });
        if (!rows.isEmpty()) {
            jdbc.sql("SELECT kind, work_id, wait_for FROM parked_wait WHERE work_id IN (:ids) ORDER BY wait_for")
                    .param("ids", rows.keySet().stream().map(Key::id).distinct().toList())
                    .query(rs -> {
                        Parked p = rows.get(new Key(rs.getString(1), rs.getString(2)));
                        if (p != null) {
                            p.waitingFor().add(rs.getString(3));
                        }
                    });
        }
        return List.copyOf(rows.values());
    }
}
