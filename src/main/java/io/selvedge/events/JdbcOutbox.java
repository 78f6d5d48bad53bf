package io.selvedge.events;

import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

@Component
class JdbcOutbox implements Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    JdbcOutbox(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public long append(OutgoingEvent event) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO outbox_event (event_id, type, event_key, location, occurred_at, recorded_at, data)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID().toString(), event.type(), event.key(), event.location(),
                        OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                        json.writeValueAsString(event.data()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }
}
