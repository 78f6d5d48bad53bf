package io.selvedge.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.KafkaIntegrationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker stops and starts again while sales arrive both over HTTP and on the transactions topic, and the hub is
 * left alone: nothing it acknowledged is lost on the way out, nothing produced to it is lost or applied twice on the way
 * in, its consumer never commits an offset ahead of the ledger, and its relay's lag shows the outage and then drains.
 */
@DirtiesContext // its own context (below): closed after it, not kept running beside the shared Kafka context
class KafkaBrokerRestartIntegrationTest extends KafkaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STORE = "STORE-ABK";
    private static final int STOCK = 10_000;
    private static final String PREFIX = "restart.";
    private static final String TOPIC = PREFIX + "pos-transactions";
    private static final String GROUP = "selvedge-hub-restart";

    /**
     * A context of its own (its own topics, consumer group and database), so that the relay's sends time out within the
     * outage: the relay's own failure and re-send path is exercised, not only the producer's internal retries.
     */
    @DynamicPropertySource
    static void restartSettings(DynamicPropertyRegistry registry) {
        registry.add("selvedge.kafka.topic-prefix", () -> PREFIX);
        registry.add("selvedge.kafka.transactions.topic", () -> TOPIC);
        registry.add("selvedge.kafka.transactions.group", () -> GROUP);
        registry.add("selvedge.kafka.relay.send-timeout", () -> "3s");
        registry.add("selvedge.kafka.relay.max-retry-delay", () -> "1s");
    }

    @BeforeAll
    static void transactionsTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()))) {
            for (var created : admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic(TOPIC + ".dlt", 3, (short) 1)))
                    .values().values()) {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaRelay relay;

    /** A transaction produced to the topic, once the broker acknowledged it: where it sits. */
    private record Produced(String transactionId, int partition, long offset) {
    }

    @Test
    void aBrokerRestartUnderLoadLosesNothingAcknowledgedAndTheHubRecoversByItself() throws Exception {
        String style = unique("KRST");
        List<String> skus = List.of(Fixtures.sku(style, "S"), Fixtures.sku(style, "M"));
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        for (String sku : skus) {
            assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", STORE, sku, STOCK))
                    .status()).isEqualTo(201);
        }
        assertThat(awaitMetric("selvedge_kafka_relay_lag", lag -> lag == 0)).as("the relay has caught up before the load").isZero();
        long firstEvent = lastOutboxId() + 1;

        AtomicBoolean loading = new AtomicBoolean(true);
        List<String> postedOverHttp = new CopyOnWriteArrayList<>();
        List<String> refusedOverHttp = new CopyOnWriteArrayList<>();
        Thread http = new Thread(() -> {
            for (int n = 0; loading.get(); n++) {
                String id = unique("ABK-R5");
                var response = api(POS).post("/api/v1/pos/transactions", sale(id, "R5", skus.get(n % 2)));
                (response.status() == 201 ? postedOverHttp : refusedOverHttp).add(id + " " + response.status());
                pause(30);
            }
        }, "test-http-sales");

        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<String> sentIds = new ArrayList<>();
        Thread topic = new Thread(() -> {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000))) {
                for (int n = 0; loading.get(); n++) {
                    String id = unique("ABK-R6");
                    // a POS fleet keys by store|register, so one register's transactions stay in order
                    Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(TOPIC, STORE + "|R6",
                            JSON.writeValueAsString(sale(id, "R6", skus.get(n % 2)))));
                    synchronized (sends) {
                        sends.add(sent);
                        sentIds.add(id);
                    }
                    pause(50);
                }
                producer.flush();
            }
        }, "test-topic-sales");

        // offsets the hub's group committed, checked against the ledger while the load runs
        ConcurrentLinkedQueue<Produced> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger offsetChecks = new AtomicInteger();
        List<String> aheadOfTheLedger = new CopyOnWriteArrayList<>();
        AtomicBoolean checking = new AtomicBoolean(true);
        Thread offsets = new Thread(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000))) {
                while (checking.get()) {
                    collectAcknowledged(sends, sentIds, acknowledged);
                    Map<TopicPartition, OffsetAndMetadata> committed;
                    try {
                        committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(1, TimeUnit.SECONDS);
                    } catch (Exception brokerAway) {
                        pause(100);
                        continue;
                    }
                    // read after the offsets: a record below a committed offset must already be in the ledger
                    for (Produced record : acknowledged) {
                        OffsetAndMetadata at = committed.get(new TopicPartition(TOPIC, record.partition()));
                        if (at != null && record.offset() < at.offset()) {
                            offsetChecks.incrementAndGet();
                            if (orders(record.transactionId()) == 0) {
                                aheadOfTheLedger.add(record + " below committed " + at.offset());
                            }
                        }
                    }
                    pause(100);
                }
            }
        }, "test-offset-check");

        http.start();
        topic.start();
        offsets.start();
        long lagBefore;
        long lagLater;
        long failuresBefore;
        long failuresDuring;
        try {
            pause(1_500);
            failuresBefore = metric("selvedge_kafka_relay_failures_total");
            stopBroker();
            try {
                awaitMetric("selvedge_kafka_relay_lag", lag -> lag > 0);
                pause(1_200);
                lagBefore = metric("selvedge_kafka_relay_lag");
                pause(1_500);
                lagLater = metric("selvedge_kafka_relay_lag");
                awaitMetric("selvedge_kafka_relay_failures_total", failures -> failures > failuresBefore);
                failuresDuring = metric("selvedge_kafka_relay_failures_total");
            } finally {
                startBroker();
            }
            pause(1_500);
        } finally {
            loading.set(false);
            http.join(WAIT.toMillis());
            topic.join(WAIT.toMillis());
        }
        assertThat(lagBefore).as("the relay's lag shows the outage").isPositive();
        assertThat(lagLater).as("and grows while sales are acknowledged and the broker is away").isGreaterThan(lagBefore);
        assertThat(failuresDuring).as("the relay's sends time out and are counted as failures").isGreaterThan(failuresBefore);

        assertThat(refusedOverHttp).as("the HTTP path does not depend on the broker").isEmpty();
        List<Produced> produced = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            RecordMetadata at = sends.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            produced.add(new Produced(sentIds.get(i), at.partition(), at.offset()));
        }
        assertThat(postedOverHttp).hasSizeGreaterThan(50);
        assertThat(produced).hasSizeGreaterThan(30);

        // the hub is not touched: its relay and its consumer carry on by themselves
        assertThat(awaitMetric("selvedge_kafka_relay_lag", lag -> lag == 0)).as("the relay's lag drains after the restart").isZero();
        assertThat(awaitCommittedThrough(produced)).as("the group committed every produced record").isTrue();
        checking.set(false);
        offsets.join(WAIT.toMillis());
        assertThat(aheadOfTheLedger).as("no offset committed ahead of its ledger commit").isEmpty();
        assertThat(offsetChecks.get()).as("committed offsets were checked against the ledger during the run").isPositive();

        List<String> sold = new ArrayList<>(postedOverHttp.stream().map(line -> line.substring(0, line.indexOf(' '))).toList());
        produced.forEach(record -> sold.add(record.transactionId()));
        assertThat(sold.stream().filter(id -> orders(id) != 1)).as("every sale, HTTP or topic, recorded exactly once").isEmpty();
        long units = skus.stream().mapToLong(sku -> STOCK - onHand(sku)).sum();
        assertThat(units).as("one unit per sale, none twice").isEqualTo(sold.size());

        long lastEvent = lastOutboxId();
        assertThat(relay.cursor()).as("the relay's cursor passed every event").isGreaterThanOrEqualTo(lastEvent);
        everyEventOnItsTopicInKeyOrder(firstEvent, lastEvent);
    }

    /** Every outbox event in [first, last] reached its family's topic under its key; per key, first copies are in outbox order. */
    private void everyEventOnItsTopicInKeyOrder(long first, long last) {
        EventTopics topics = new EventTopics(PREFIX);
        Map<String, List<String[]>> expectedByTopic = new LinkedHashMap<>();
        jdbc.sql("SELECT event_id, type, event_key FROM outbox_event WHERE id BETWEEN ? AND ? ORDER BY id").param(first).param(last)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list()
                .forEach(event -> expectedByTopic.computeIfAbsent(topics.topicOf(event[1]), t -> new ArrayList<>()).add(event));
        assertThat(expectedByTopic).containsKeys(PREFIX + "availability", PREFIX + "order");
        expectedByTopic.forEach((topic, events) -> {
            Set<String> wanted = new LinkedHashSet<>();
            events.forEach(event -> wanted.add(event[0]));
            List<ConsumerRecord<String, String>> records = readUntil(topic, read -> seen(read, wanted).size() == wanted.size(), WAIT);
            assertThat(seen(records, wanted)).as("every event reached %s at least once", topic).hasSameSizeAs(wanted);

            Map<String, String> keyOf = new HashMap<>();
            Map<String, List<String>> expectedPerKey = new LinkedHashMap<>();
            events.forEach(event -> {
                keyOf.put(event[0], event[2]);
                expectedPerKey.computeIfAbsent(event[2], k -> new ArrayList<>()).add(event[0]);
            });
            Map<String, Set<String>> firstCopiesPerKey = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                String id = header(record, KafkaRelay.EVENT_ID_HEADER);
                if (wanted.contains(id)) {
                    assertThat(record.key()).as("event %s keyed as the hub keyed it", id).isEqualTo(keyOf.get(id));
                    firstCopiesPerKey.computeIfAbsent(record.key(), k -> new LinkedHashSet<>()).add(id);
                }
            }
            expectedPerKey.forEach((key, ids) -> assertThat(new ArrayList<>(firstCopiesPerKey.get(key)))
                    .as("key %s on %s: after dropping repeated ids, the hub's order", key, topic).containsExactlyElementsOf(ids));
        });
    }

    private static Set<String> seen(List<ConsumerRecord<String, String>> records, Set<String> wanted) {
        Set<String> ids = new LinkedHashSet<>();
        records.forEach(record -> {
            String id = header(record, KafkaRelay.EVENT_ID_HEADER);
            if (wanted.contains(id)) {
                ids.add(id);
            }
        });
        return ids;
    }

    private static void collectAcknowledged(List<Future<RecordMetadata>> sends, List<String> sentIds, ConcurrentLinkedQueue<Produced> into) {
        synchronized (sends) {
            for (int i = into.size(); i < sends.size() && sends.get(i).isDone(); i++) {
                try {
                    RecordMetadata at = sends.get(i).get();
                    into.add(new Produced(sentIds.get(i), at.partition(), at.offset()));
                } catch (Exception failed) {
                    return; // asserted by the test's own wait on every send
                }
            }
        }
    }

    /** Whether the hub's group committed, on every partition it was produced to, past the last produced record. */
    private boolean awaitCommittedThrough(List<Produced> produced) throws Exception {
        Map<Integer, Long> lastPerPartition = new HashMap<>();
        produced.forEach(record -> lastPerPartition.merge(record.partition(), record.offset(), Math::max));
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()))) {
            do {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                lastPerPartition.keySet().forEach(p -> latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                boolean through = lastPerPartition.entrySet().stream().allMatch(last -> {
                    TopicPartition partition = new TopicPartition(TOPIC, last.getKey());
                    OffsetAndMetadata at = committed.get(partition);
                    return at != null && at.offset() > last.getValue() && at.offset() == ends.get(partition).offset();
                });
                if (through) {
                    return true;
                }
                pause(200);
            } while (System.nanoTime() < deadline);
        }
        return false;
    }

    private long awaitMetric(String name, LongPredicate done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long value;
        do {
            value = metric(name);
            if (done.test(value)) {
                return value;
            }
            pause(100);
        } while (System.nanoTime() < deadline);
        return value;
    }

    private long metric(String name) {
        return api(OPS).get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(name + " "))
                .map(line -> new BigDecimal(line.substring(line.lastIndexOf(' ') + 1)).longValue()).findFirst().orElse(-1L);
    }

    private long orders(String transactionId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE type = 'order.created' AND event_key = ?")
                .param("order|" + transactionId).query(Long.class).single();
    }

    private long lastOutboxId() {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM outbox_event").query(Long.class).single();
    }

    private long onHand(String sku) {
        var response = api(OPS).get("/api/v1/inventory/availability?location=" + STORE + "&sku=" + sku);
        assertThat(response.status()).isEqualTo(200);
        return response.json().get(0).get("onHand").asLong();
    }

    private static void pause(long millis) {
        sleep(millis);
    }

    private static Map<String, Object> sale(String transactionId, String register, String sku) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", transactionId);
        body.put("store", STORE);
        body.put("register", register);
        body.put("businessDay", "2026-11-28");
        body.put("occurredAt", "2026-11-28T22:01:10Z");
        body.put("type", "SALE");
        body.put("currency", "USD");
        body.put("lines", List.of(Map.of("lineNo", 1, "sku", sku, "quantity", 1, "unitPrice", "89.00", "discount", "0.00", "tax", "8.45")));
        body.put("tenders", List.of(Map.of("type", "CARD", "brand", "VISA", "amount", "97.45", "last4", "4242")));
        return body;
    }
}
