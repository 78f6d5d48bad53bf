package io.selvedge.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the Kafka suites: the whole hub (as {@link IntegrationTest}) with Kafka on, against one real broker, Spring
 * Kafka's embedded KRaft broker, started once per test JVM on the first use and shared by every Kafka suite, so they
 * share one Spring context too. The broker's address is given to this context only (never as a system property), so
 * the other suites keep running with Kafka off.
 */
public abstract class KafkaIntegrationTest extends IntegrationTest {

    public static final String TRANSACTIONS = "selvedge.pos-transactions";

    private static final EmbeddedKafkaKraftBroker BROKER = newBroker();

    private static EmbeddedKafkaKraftBroker newBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, TRANSACTIONS);
        broker.brokerListProperty("selvedge.test.kafka.brokers");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
        return broker;
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("selvedge.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("selvedge.kafka.topics.partitions", () -> "3");
        registry.add("selvedge.kafka.relay.poll-interval", () -> "100ms");
        registry.add("selvedge.kafka.relay.retry-delay", () -> "200ms");
        registry.add("selvedge.kafka.transactions.enabled", () -> "true");
        registry.add("selvedge.kafka.transactions.retry-initial", () -> "100ms");
        registry.add("selvedge.kafka.transactions.retry-max", () -> "500ms");
        registry.add("selvedge.kafka.transactions.unexpected-attempts", () -> "3");
        registry.add("selvedge.kafka.transactions.lag-every", () -> "300ms");
    }

    protected static String brokers() {
        return BROKER.getBrokersAsString();
    }

    /**
     * Stops the broker as a clean shutdown would, keeping its port and log dirs; the KRaft controller of its node (the
     * metadata quorum) stays up, as a cluster's separate controllers would. Clients see an outage until {@link #startBroker}.
     */
    protected static void stopBroker() {
        BROKER.getCluster().brokers().values().forEach(BrokerServer::shutdown);
    }

    /** Starts the stopped broker again on the same port and log dirs; returns once it serves (a few seconds). */
    protected static void startBroker() {
        BROKER.getCluster().brokers().values().forEach(BrokerServer::startup);
    }

    protected static void produce(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /**
     * Every record of {@code topic} from its beginning, read until {@code enough} holds for what was read (then
     * returned) or {@code timeout} passes (then returned as it is, for the caller's assertion to show).
     */
    protected static List<ConsumerRecord<String, String>> readUntil(String topic, Predicate<List<ConsumerRecord<String, String>>> enough,
                                                                    Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                List<PartitionInfo> found;
                try {
                    found = consumer.partitionsFor(topic, Duration.ofSeconds(2));
                } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                    found = List.of();
                }
                partitions = found == null ? List.of() : found.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (partitions.isEmpty()) {
                    sleep(100);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (enough.test(records)) {
                    break;
                }
            }
        }
        return records;
    }

    protected static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
