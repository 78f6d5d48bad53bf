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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Kafka out, against a real broker: what the API changes reaches the family topics, keyed, in order, nothing lost. */
class KafkaRelayIntegrationTest extends KafkaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    KafkaRelay relay;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aReceiptAndASalePublishAvailabilityAndTheOrderKeyedAndInOrder() {
        String style = unique("KOUT");
        String sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-ABK", sku, 5))
                .status()).isEqualTo(201);
        String transactionId = unique("ABK-R1");
        var sale = api(POS).post("/api/v1/pos/transactions", sale(transactionId, "STORE-ABK", sku, 2));
        assertThat(sale.status()).as(sale.body()).isEqualTo(201);
        String orderRef = sale.json().get("orderRef").asString();

        String availabilityKey = "STORE-ABK|" + sku;
        List<String> availabilityIds = outboxIds(availabilityKey);
        assertThat(availabilityIds).as("a receipt and a sale: two availability changes").hasSize(2);
        List<ConsumerRecord<String, String>> availability = ofKey(readUntil("selvedge.availability",
                records -> distinctIds(ofKey(records, availabilityKey)).size() == 2, WAIT), availabilityKey);
        assertThat(distinctIds(availability)).containsExactlyElementsOf(availabilityIds);
        assertThat(availability).hasSize(2);
        JsonNode first = value(availability.get(0));
        JsonNode second = value(availability.get(1));
        assertThat(first.get("type").asString()).isEqualTo("availability.changed");
        assertThat(first.get("id").asString()).isEqualTo(header(availability.get(0), KafkaRelay.EVENT_ID_HEADER));
        assertThat(first.get("occurredAt").asString()).isNotBlank();
        assertThat(first.get("data").get("onHand").asLong()).isEqualTo(5);
        assertThat(second.get("data").get("onHand").asLong()).isEqualTo(3);
        assertThat(second.get("data").get("sequence").asLong()).isGreaterThan(first.get("data").get("sequence").asLong());
        assertThat(second.get("sequence").asLong()).isGreaterThan(first.get("sequence").asLong());
        assertThat(availability.get(0).partition()).as("one key, one partition").isEqualTo(availability.get(1).partition());

        String orderKey = "order|" + orderRef;
        List<ConsumerRecord<String, String>> orders = ofKey(readUntil("selvedge.order",
                records -> !ofKey(records, orderKey).isEmpty(), WAIT), orderKey);
        assertThat(orders).hasSize(1);
        JsonNode order = value(orders.get(0));
        assertThat(order.get("type").asString()).isEqualTo("order.created");
        assertThat(order.get("id").asString()).isEqualTo(header(orders.get(0), KafkaRelay.EVENT_ID_HEADER))
                .isEqualTo(outboxIds(orderKey).get(0));
        assertThat(header(orders.get(0), KafkaRelay.EVENT_TYPE_HEADER)).isEqualTo("order.created");

        List<ConsumerRecord<String, String>> catalogue = readUntil("selvedge.catalog",
                records -> records.stream().filter(r -> ofStyle(r, style)).count() == 2, WAIT).stream().filter(r -> ofStyle(r, style)).toList();
        assertThat(catalogue).as("catalog.changed and price.changed share the catalog topic and key, in order")
                .extracting(r -> r.key() + " " + value(r).get("type").asString())
                .containsExactly("catalog catalog.changed", "catalog price.changed");
        assertThat(api(OPS).get("/actuator/prometheus").body()).contains("selvedge_kafka_relay_lag", "selvedge_kafka_relay_published_total",
                "kafka_producer_record_send_total{client_id=\"selvedge-relay\"");
    }

    @Test
    void aRelayStoppedMidStreamLosesNothingAndResendsAtMostWhatFollowsItsCursor() throws Exception {
        String style = unique("KSTOP");
        String sku = Fixtures.sku(style, "S");
        String key = "WH1|" + sku;
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        int receipts = 24;
        AtomicInteger posted = new AtomicInteger();
        CountDownLatch stopped = new CountDownLatch(1);
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= receipts; i++) {
                var response = api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "WH1", sku, 1));
                assertThat(response.status()).as(response.body()).isEqualTo(201);
                posted.incrementAndGet();
                if (i == 10) {
                    await(stopped); // the stop races with receipts 7 to 10; from 11 on they are surely written while stopped
                }
                sleep(20);
            }
        });
        try {
            awaitPosted(posted, 6);
            relay.stop();
            stopped.countDown();
            long cursorAtStop = relay.cursor();
            assertThat(savedCursor()).as("the cursor is saved as the relay stops").isEqualTo(cursorAtStop);
            awaitPosted(posted, 16);
            long heldBack = outboxSequences(key).stream().filter(sequence -> sequence > cursorAtStop).count();
            assertThat(heldBack).as("events written while the relay is stopped").isPositive();
            List<ConsumerRecord<String, String>> whileStopped = ofKey(readUntil("selvedge.availability", r -> false, Duration.ofMillis(800)), key);
            assertThat(whileStopped).as("nothing after the cursor is published while stopped")
                    .allMatch(record -> value(record).get("sequence").asLong() <= cursorAtStop);

            relay.start();
            stream.get();
            List<String> expected = outboxIds(key);
            assertThat(expected).hasSize(receipts);
            List<ConsumerRecord<String, String>> published = ofKey(readUntil("selvedge.availability",
                    records -> distinctIds(ofKey(records, key)).size() == receipts, WAIT), key);

            assertThat(distinctIds(published)).as("every event, once each after dedupe by id, in outbox order").containsExactlyElementsOf(expected);
            Map<String, Integer> copies = new HashMap<>();
            published.forEach(record -> copies.merge(header(record, KafkaRelay.EVENT_ID_HEADER), 1, Integer::sum));
            assertThat(published.stream().filter(record -> copies.get(header(record, KafkaRelay.EVENT_ID_HEADER)) > 1))
                    .as("a duplicate can only be of an event after the cursor saved at the stop")
                    .allMatch(record -> value(record).get("sequence").asLong() > cursorAtStop);
            assertThat(onHandSequence(published)).as("per key, the availability sequence only grows").isSorted();
            assertThat(savedCursor()).isGreaterThanOrEqualTo(outboxSequences(key).get(receipts - 1));
        } finally {
            stopped.countDown();
            if (!relay.isRunning()) {
                relay.start();
            }
            stream.get();
        }
    }

    @Test
    void aBatchTheBrokerRefusesIsSentAgainFromItsFirstUnacknowledgedEventOnceAccepted() throws Exception {
        String style = unique("KREF");
        String sku = Fixtures.sku(style, "L");
        String availabilityKey = "STORE-MEL|" + sku;
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-MEL", sku, 5))
                .status()).isEqualTo(201);
        String warmUp = unique("MEL-R1");
        assertThat(api(POS).post("/api/v1/pos/transactions", sale(warmUp, "STORE-MEL", sku, 1)).status()).isEqualTo(201);
        assertThat(readUntil("selvedge.order", records -> !ofKey(records, "order|" + warmUp).isEmpty(), WAIT))
                .as("the order topic exists and the relay has caught up").anyMatch(r -> r.key().equals("order|" + warmUp));

        double failuresBefore = metric("selvedge_kafka_relay_failures_total");
        String refused = unique("MEL-R1");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()))) {
            ConfigResource orders = new ConfigResource(ConfigResource.Type.TOPIC, "selvedge.order");
            ConfigEntry tiny = new ConfigEntry("max.message.bytes", "64");
            admin.incrementalAlterConfigs(Map.of(orders, List.of(new AlterConfigOp(tiny, AlterConfigOp.OpType.SET)))).all().get();
            try {
                sleep(300); // the broker applies a topic's config change asynchronously
                assertThat(api(POS).post("/api/v1/pos/transactions", sale(refused, "STORE-MEL", sku, 1)).status()).isEqualTo(201);
                assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-MEL", sku, 2))
                        .status()).isEqualTo(201);
                long orderEvent = outboxSequences("order|" + refused).get(0);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (metric("selvedge_kafka_relay_failures_total") < failuresBefore + 2 && System.nanoTime() < deadline) {
                    sleep(100);
                }
                assertThat(metric("selvedge_kafka_relay_failures_total")).as("the broker refuses the order, again and again")
                        .isGreaterThanOrEqualTo(failuresBefore + 2);
                assertThat(relay.cursor()).as("the cursor never passes an event the broker has not acknowledged").isLessThan(orderEvent);
            } finally {
                admin.incrementalAlterConfigs(Map.of(orders, List.of(new AlterConfigOp(tiny, AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
        long cursorAtFailure = relay.cursor();
        List<ConsumerRecord<String, String>> order = ofKey(readUntil("selvedge.order",
                records -> !ofKey(records, "order|" + refused).isEmpty(), WAIT), "order|" + refused);
        assertThat(distinctIds(order)).as("published once accepted").containsExactlyElementsOf(outboxIds("order|" + refused));
        List<String> expected = outboxIds(availabilityKey);
        List<ConsumerRecord<String, String>> availability = ofKey(readUntil("selvedge.availability",
                records -> distinctIds(ofKey(records, availabilityKey)).size() == expected.size(), WAIT), availabilityKey);
        assertThat(distinctIds(availability)).as("nothing lost, in order after dedupe by id").containsExactlyElementsOf(expected);
        Map<String, Integer> copies = new HashMap<>();
        availability.forEach(record -> copies.merge(header(record, KafkaRelay.EVENT_ID_HEADER), 1, Integer::sum));
        assertThat(availability.stream().filter(record -> copies.get(header(record, KafkaRelay.EVENT_ID_HEADER)) > 1))
                .as("only events after the cursor are sent twice").allMatch(record -> value(record).get("sequence").asLong() > cursorAtFailure);
    }

    private double metric(String name) {
        return api(OPS).get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(name + " "))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(0.0);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitPosted(AtomicInteger posted, int atLeast) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (posted.get() < atLeast && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertThat(posted.get()).isGreaterThanOrEqualTo(atLeast);
    }

    private long savedCursor() {
        return jdbc.sql("SELECT published_through FROM kafka_relay_cursor WHERE topic_prefix = 'selvedge.'").query(Long.class).single();
    }

    private List<String> outboxIds(String key) {
        return jdbc.sql("SELECT event_id FROM outbox_event WHERE event_key = ? ORDER BY id").param(key).query(String.class).list();
    }

    private List<Long> outboxSequences(String key) {
        return jdbc.sql("SELECT id FROM outbox_event WHERE event_key = ? ORDER BY id").param(key).query(Long.class).list();
    }

    private static List<ConsumerRecord<String, String>> ofKey(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(record -> key.equals(record.key())).toList();
    }

    /** Event ids in the order first seen: what a consumer that drops repeats of an id applies. */
    private static List<String> distinctIds(List<ConsumerRecord<String, String>> records) {
        Set<String> ids = new LinkedHashSet<>();
        records.forEach(record -> ids.add(header(record, KafkaRelay.EVENT_ID_HEADER)));
        return new ArrayList<>(ids);
    }

    private static List<Long> onHandSequence(List<ConsumerRecord<String, String>> records) {
        Set<String> seen = new LinkedHashSet<>();
        List<Long> sequences = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (seen.add(header(record, KafkaRelay.EVENT_ID_HEADER))) {
                sequences.add(value(record).get("data").get("sequence").asLong());
            }
        }
        return sequences;
    }

    private static boolean ofStyle(ConsumerRecord<String, String> record, String style) {
        JsonNode styleCode = value(record).get("data").get("styleCode");
        return styleCode != null && styleCode.asString().equals(style);
    }

    private static JsonNode value(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value());
    }

    private static Map<String, Object> sale(String transactionId, String store, String sku, int quantity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", transactionId);
        body.put("store", store);
        body.put("register", "R1");
        body.put("businessDay", "2026-11-28");
        body.put("occurredAt", "2026-11-28T22:01:10Z");
        body.put("type", "SALE");
        body.put("currency", "USD");
        String tax = new BigDecimal("8.45").multiply(BigDecimal.valueOf(quantity)).toPlainString();
        body.put("lines", List.of(Map.of("lineNo", 1, "sku", sku, "quantity", quantity, "unitPrice", "89.00", "discount", "0.00", "tax", tax)));
        String total = new BigDecimal("97.45").multiply(BigDecimal.valueOf(quantity)).toPlainString();
        body.put("tenders", List.of(Map.of("type", "CARD", "brand", "VISA", "amount", total, "last4", "4242")));
        return body;
    }
}
