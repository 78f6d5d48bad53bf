package io.selvedge.events.kafka;

import static io.selvedge.shared.SqlTimes.utc;

import java.time.Instant;
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

    /**
     * Moves forward only, so a late or repeated save can never send the relay back; and only under the relay's lease
     * ({@code fence}), so an instance that lost it cannot move the cursor at all.
     */
    void advance(String topicPrefix, long through, Instant now, io.selvedge.shared.Leases.Fence fence) {
        jdbc.sql("UPDATE kafka_relay_cursor SET published_through = :through, updated_at = :now WHERE topic_prefix = :prefix"
                        + " AND published_through < :through AND " + io.selvedge.shared.Leases.Fence.SQL)
                .param("through", through).param("now", utc(now)).param("prefix", topicPrefix).params(fence.params()).update();
    }
}
