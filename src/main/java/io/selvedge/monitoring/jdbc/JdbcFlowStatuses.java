package io.selvedge.monitoring.jdbc;

import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.monitoring.domain.FlowKey;
import io.selvedge.monitoring.domain.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The published status of each row and the outbox cursor. Writes run inside {@code WriteTransactions.write}. */
@Repository
public class JdbcFlowStatuses {

    private static final String ALL = "";
    private static final String CURSOR = "outbox";

    /** A row's published status, why, since when, and the last event time seen for it. */
    public record Stored(FlowKey key, Status status, String reason, Instant changedAt, Instant lastEventAt) {
    }

    /** How far the outbox was read, and since when monitoring has watched. */
    public record Cursor(long outboxId, Instant watchingSince) {
    }

    private final JdbcClient jdbc;

    public JdbcFlowStatuses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Stored> all() {
        return jdbc.sql("SELECT flow, system_name, location, status, reason, changed_at, last_event_at FROM monitoring_flow_status")
                .query((rs, n) -> {
                    String location = rs.getString("location");
                    OffsetDateTime last = rs.getObject("last_event_at", OffsetDateTime.class);
                    return new Stored(new FlowKey(rs.getString("flow"), rs.getString("system_name"), location.isEmpty() ? null : location),
                            Status.valueOf(rs.getString("status")), rs.getString("reason"),
                            rs.getObject("changed_at", OffsetDateTime.class).toInstant(),
                            last == null ? null : last.toInstant());
                }).list();
    }

    public Optional<Status> status(FlowKey key) {
        return jdbc.sql("SELECT status FROM monitoring_flow_status WHERE flow = ? AND system_name = ? AND location = ?")
                .params(key.flow(), key.system(), location(key)).query(String.class).optional().map(Status::valueOf);
    }

    /** Sets the published status (UPDATE, then INSERT when the row is new: portable between H2 and PostgreSQL). */
    public void publish(FlowKey key, Status status, String reason, Instant at, Instant lastEventAt) {
        int updated = jdbc.sql("""
                UPDATE monitoring_flow_status SET status = ?, reason = ?, changed_at = ?
                WHERE flow = ? AND system_name = ? AND location = ?""")
                .params(status.name(), clip(reason), utc(at), key.flow(), key.system(), location(key)).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO monitoring_flow_status (flow, system_name, location, status, reason, changed_at, last_event_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(key.flow(), key.system(), location(key), status.name(), clip(reason), utc(at), utc(lastEventAt)).update();
        }
    }

    /** Moves a row's last event time forward (never back), creating the row as OK when it is new. */
    public void lastEventAt(FlowKey key, Instant lastEventAt, Instant now) {
        int updated = jdbc.sql("""
                UPDATE monitoring_flow_status SET last_event_at = :at
                WHERE flow = :flow AND system_name = :system AND location = :location
                  AND (last_event_at IS NULL OR last_event_at < :at)""")
                .param("at", utc(lastEventAt)).param("flow", key.flow()).param("system", key.system())
                .param("location", location(key)).update();
        if (updated == 0 && status(key).isEmpty()) {
            jdbc.sql("""
                    INSERT INTO monitoring_flow_status (flow, system_name, location, status, reason, changed_at, last_event_at)
                    VALUES (?, ?, ?, ?, NULL, ?, ?)""")
                    .params(key.flow(), key.system(), location(key), Status.OK.name(), utc(now), utc(lastEventAt)).update();
        }
    }

    public Optional<Cursor> cursor() {
        return jdbc.sql("SELECT outbox_id, watching_since FROM monitoring_cursor WHERE name = ?").param(CURSOR)
                .query((rs, n) -> new Cursor(rs.getLong("outbox_id"), rs.getObject("watching_since", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** Moves the cursor forward (never back); the first save also records since when monitoring watches. */
    public void saveCursor(long outboxId, Instant watchingSince, Instant now) {
        int updated = jdbc.sql("UPDATE monitoring_cursor SET outbox_id = ?, updated_at = ? WHERE name = ? AND outbox_id < ?")
                .params(outboxId, utc(now), CURSOR, outboxId).update();
        if (updated == 0 && cursor().isEmpty()) {
            jdbc.sql("INSERT INTO monitoring_cursor (name, outbox_id, watching_since, updated_at) VALUES (?, ?, ?, ?)")
                    .params(CURSOR, outboxId, utc(watchingSince), utc(now)).update();
        }
    }

    private static String location(FlowKey key) {
        return key.location() == null ? ALL : key.location();
    }

    private static String clip(String reason) {
        return reason == null || reason.length() <= 500 ? reason : reason.substring(0, 500);
    }
}
