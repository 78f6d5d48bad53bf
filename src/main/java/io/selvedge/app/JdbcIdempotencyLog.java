package io.selvedge.app;

import io.selvedge.shared.IdempotencyLog;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import io.selvedge.shared.PendingRows;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

class JdbcIdempotencyLog implements IdempotencyLog {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    JdbcIdempotencyLog(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    @Override
    public Optional<Recorded> find(String scope, String key) {
        // this transaction's own keys first: the same id twice in one group commit is a replay, not a second effect
        Optional<PendingRows<Object[]>> pending = PendingRows.of(this, this::insert);
        if (pending.isPresent()) {
            for (Object[] row : pending.get().rows()) {
                if (row[0].equals(scope) && row[1].equals(key)) {
                    return Optional.of(new Recorded((String) row[2], (Integer) row[3], (String) row[4]));
                }
            }
        }
        return jdbc.sql("SELECT body_hash, status, response FROM idempotency_key WHERE scope = ? AND idem_key = ?")
                .params(scope, key)
                .query((rs, n) -> new Recorded(rs.getString(1), rs.getInt(2), rs.getString(3)))
                .optional();
    }

    @Override
    public void record(String scope, String key, String bodyHash, int status, String responseJson) {
        List<Object[]> row = List.<Object[]>of(new Object[] {scope, key, bodyHash, status, responseJson, now()});
        PendingRows.<Object[]>of(this, this::insert).ifPresentOrElse(pending -> pending.addAll(row), () -> insert(row));
    }

    /** Written just before the transaction commits, in one batch for the whole group (a unique key still refuses a twin). */
    private void insert(List<Object[]> rows) {
        batch.batchUpdate("INSERT INTO idempotency_key (scope, idem_key, body_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                rows);
    }

    @Override
    public void recordConflict(String scope, String key, String bodyHash) {
        jdbc.sql("INSERT INTO idempotency_conflict (scope, idem_key, body_hash, created_at) VALUES (?, ?, ?, ?)")
                .params(scope, key, bodyHash, now())
                .update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
