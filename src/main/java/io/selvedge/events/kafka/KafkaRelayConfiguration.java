package io.selvedge.events.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.events.jdbc.JdbcOutbox;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay exists only when {@code selvedge.kafka.bootstrap-servers} names servers: the embedded default runs with no
 * broker and no Kafka client. Its producer is its own (not Boot's {@code kafkaTemplate}, which stays unused), built from
 * Boot's {@code spring.kafka.*} client settings with the servers and the delivery guarantees fixed here, and its client
 * metrics bound to Micrometer as Spring Kafka binds its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(KafkaRelayConfiguration.ENABLED)
@EnableConfigurationProperties(KafkaRelaySettings.class)
class KafkaRelayConfiguration {

    static final String ENABLED = "!'${selvedge.kafka.bootstrap-servers:}'.trim().isEmpty()";

    @Bean
    KafkaRelay kafkaRelay(JdbcOutbox outbox, JdbcClient jdbc, WriteTransactions writes, KafkaRelaySettings settings,
                          KafkaProperties kafka, Clock clock, MeterRegistry meters, io.selvedge.shared.Leases leases) {
        Map<String, Object> admin = new HashMap<>(kafka.buildAdminProperties());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return new KafkaRelay(outbox, new JdbcRelayCursor(jdbc), writes, producerProperties(settings, kafka), () -> Admin.create(admin),
                settings, clock, meters, leases);
    }

    /**
     * Idempotent with {@code acks=all}: a record the broker acknowledged is on every in-sync replica, and the producer's
     * own retries neither duplicate nor reorder a partition. One request in flight per broker, so that when one fails the
     * relay closes the producer before anything behind it is sent. Every wait is bounded by {@code relay.send-timeout},
     * so a failed batch always comes back to the relay to be sent again.
     */
    static Map<String, Object> producerProperties(KafkaRelaySettings settings, KafkaProperties kafka) {
        Map<String, Object> properties = new HashMap<>(kafka.buildProducerProperties());
        long timeout = settings.relay().sendTimeout().toMillis();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout / 2));
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "selvedge-relay");
        return properties;
    }
}
