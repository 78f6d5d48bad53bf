package io.selvedge.app;

import io.selvedge.shared.IdempotencyLog;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

class JdbcIdempotencyLog implements IdempotencyLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcIdempotencyLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<Recorded> find(String scope, String key) {
        return jdbc.sql("SELECT body_hash, status, response FROM idempotency_key WHERE scope = ? AND idem_key = ?")
                .params(scope, key)
                .query((rs, n) -> new Recorded(rs.getString(1), rs.getInt(2), rs.getString(3)))
                .optional();
    }

    @Override
    public void record(String scope, String key, String bodyHash, int status, String responseJson) {
        jdbc.sql("INSERT INTO idempotency_key (scope, idem_key, body_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(scope, key, bodyHash, status, responseJson, now())
                .update();
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
