package io.selvedge.events.kafka;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The relay's cursor per topic prefix ({@code kafka_relay_cursor}). Writes run inside the caller's write. */
final class JdbcRelayCursor {

    private final JdbcClient jdbc;

    JdbcRelayCursor(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    OptionalLong find(String topicPrefix) {
        return jdbc.sql("SELECT published_through FROM kafka_relay_cursor WHERE topic_prefix = ?").param(topicPrefix)
                .query(Long.class).optional().map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** Creates the cursor at {@code through} unless it exists; answers where it stands. */
    long open(String topicPrefix, long through, Instant now) {
        OptionalLong existing = find(topicPrefix);
        if (existing.isPresent()) {
            return existing.getAsLong();
        }
        jdbc.sql("INSERT INTO kafka_relay_cursor (topic_prefix, published_through, updated_at) VALUES (?, ?, ?)")
                .params(topicPrefix, through, utc(now)).update();
        return through;
    }

    /** Moves forward only, so a late or repeated save can never send the relay back. */
    void advance(String topicPrefix, long through, Instant now) {
        jdbc.sql("UPDATE kafka_relay_cursor SET published_through = ?, updated_at = ? WHERE topic_prefix = ? AND published_through < ?")
                .params(through, utc(now), topicPrefix, through).update();
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
