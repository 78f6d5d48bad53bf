package io.selvedge.events.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay to Kafka ({@code selvedge.kafka.*}), bound only when {@code selvedge.kafka.bootstrap-servers} is
 * set. {@code topicPrefix} names the topics ({@code <prefix><family>}, see {@link EventTopics}) and keys the relay's
 * cursor, so a new prefix is published from the start again. TLS, SASL and other client settings come from Boot's
 * {@code spring.kafka.*}; the servers, acks and idempotence are set here and always win.
 */
@ConfigurationProperties("selvedge.kafka")
public record KafkaRelaySettings(String bootstrapServers, @DefaultValue("selvedge.") String topicPrefix,
                                 @DefaultValue Relay relay, @DefaultValue Topics topics) {

    /**
     * {@code pollInterval}: the longest the relay sleeps without a commit waking it. {@code batchSize}: outbox events
     * sent before waiting for the broker's acknowledgements and saving the cursor. {@code sendTimeout}: how long a batch
     * may wait for them before it counts as failed and is sent again from its first unacknowledged event, after
     * {@code retryDelay}, doubling with each failure in a row up to {@code maxRetryDelay}. {@code startAt}: where a prefix with no cursor yet begins, {@code beginning} (the whole
     * outbox) or {@code end} (only events written from now on).
     */
    public record Relay(@DefaultValue("true") boolean enabled, @DefaultValue("500ms") Duration pollInterval,
                        @DefaultValue("500") int batchSize, @DefaultValue("30s") Duration sendTimeout,
                        @DefaultValue("1s") Duration retryDelay, @DefaultValue("30s") Duration maxRetryDelay,
                        @DefaultValue("beginning") String startAt) {

        public Relay {
            if (!startAt.equals("beginning") && !startAt.equals("end")) {
                throw new IllegalArgumentException("selvedge.kafka.relay.start-at must be 'beginning' or 'end', not '" + startAt + "'");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("selvedge.kafka.relay.batch-size must be at least 1");
            }
        }
    }

    /**
     * Whether the relay creates its topics when they are missing ({@code create}), with {@code partitions} partitions
     * and {@code replicationFactor} replicas ({@code -1}: the broker's default). Off where topics are provisioned by
     * the platform and the hub's principal may not create them.
     */
    public record Topics(@DefaultValue("true") boolean create, @DefaultValue("6") int partitions,
                         @DefaultValue("-1") short replicationFactor) {
    }
}
