package io.selvedge.sales.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The transactions topic consumer ({@code selvedge.kafka.transactions.*}): on only when Kafka is on
 * ({@code selvedge.kafka.bootstrap-servers}) and {@code enabled} is true, since whoever may write to the topic then
 * posts sales as {@code system}. Records that fail for a reason a retry cannot fix go to {@code <topic>.dlt}.
 *
 * <p>{@code retryInitial} doubling up to {@code retryMax}: the waits between attempts of a record that failed for
 * another reason. A database outage is retried until the database is back; any other unexpected failure
 * {@code unexpectedAttempts} times in all before the record is dead-lettered, so one record cannot stop the topic for ever.
 * {@code lagEvery}: how often the group's lag is measured for {@code selvedge_kafka_consumer_lag}.
 */
@ConfigurationProperties("selvedge.kafka")
public record KafkaTransactionsSettings(String bootstrapServers, @DefaultValue Transactions transactions) {

    public record Transactions(@DefaultValue("false") boolean enabled, @DefaultValue("selvedge.pos-transactions") String topic,
                               @DefaultValue("selvedge-hub") String group, @DefaultValue("pos") String system,
                               @DefaultValue("1") int concurrency, @DefaultValue("1s") Duration retryInitial,
                               @DefaultValue("30s") Duration retryMax, @DefaultValue("10") int unexpectedAttempts,
                               @DefaultValue("10s") Duration lagEvery) {

        public Transactions {
            if (concurrency < 1) {
                throw new IllegalArgumentException("selvedge.kafka.transactions.concurrency must be at least 1");
            }
            if (unexpectedAttempts < 1) {
                throw new IllegalArgumentException("selvedge.kafka.transactions.unexpected-attempts must be at least 1");
            }
        }

        public String deadLetterTopic() {
            return topic + ".dlt";
        }
    }
}
