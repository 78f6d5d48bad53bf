package io.selvedge.sales.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.KafkaIntegrationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Kafka in, against a real broker: the transactions topic posts through the same idempotent path as HTTP. */
class KafkaTransactionsIntegrationTest extends KafkaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ConcurrentMessageListenerContainer<String, String> consumer;

    private String sku;

    @BeforeEach
    void catalogueAndStock() {
        String style = unique("KIN");
        sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-ABK", sku, 10))
                .status()).isEqualTo(201);
    }

    @Test
    void aTransactionOnTheTopicIsPostedOnceHoweverOftenItIsProduced() throws Exception {
        String key = unique("STORE-ABK|R1");
        String first = unique("ABK-R1");
        String record = JSON.writeValueAsString(sale(first, sku, 2, "4242"));
        produce(TRANSACTIONS, key, record);

        assertThat(awaitOnHand(onHand -> onHand == 8)).as("the sale took two units").isEqualTo(8);
        assertThat(api(OPS).get("/api/v1/returns/returnable?orderRef=" + first).status()).as("its order exists").isEqualTo(200);

        produce(TRANSACTIONS, key, record);
        String next = unique("ABK-R1");
        produce(TRANSACTIONS, key, JSON.writeValueAsString(sale(next, sku, 1, "4242")));
        // the repeat was on the same partition before the next sale: once the next sale is in, the repeat was handled
        assertThat(awaitOnHand(onHand -> onHand <= 7)).as("the repeat had no effect, the next sale one unit").isEqualTo(7);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE type = 'order.created' AND event_key = ?")
                .param("order|" + first).query(Long.class).single()).isEqualTo(1);

        assertThat(awaitCommittedToTheEnd()).as("every offset committed once its transaction is handled").isTrue();
        assertThat(api(OPS).get("/actuator/prometheus").body()).contains("kafka_consumer_fetch_manager_records_lag_max",
                "selvedge_kafka_transactions_total{outcome=\"replayed\"}");
    }

    @Test
    void theLagCountsWhatIsOnTheTopicButNotYetInTheLedger() {
        String key = unique("STORE-ABK|R3");
        consumer.stop();
        try {
            produce(TRANSACTIONS, key, JSON.writeValueAsString(sale(unique("ABK-R3"), sku, 1, "4242")));
            produce(TRANSACTIONS, key, JSON.writeValueAsString(sale(unique("ABK-R3"), sku, 1, "4242")));
            assertThat(awaitLag(lag -> lag >= 2)).as("two records waiting while the consumer is stopped").isGreaterThanOrEqualTo(2);
            assertThat(onHand()).as("nothing posted while stopped").isEqualTo(10);
        } finally {
            consumer.start();
        }
        assertThat(awaitOnHand(onHand -> onHand == 8)).isEqualTo(8);
        assertThat(awaitLag(lag -> lag == 0)).as("all committed once in the ledger").isZero();
    }

    /** {@code selvedge_kafka_consumer_lag} as Prometheus reads it, once it satisfies {@code done} or the wait is over. */
    private long awaitLag(LongPredicate done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long lag;
        do {
            lag = api(OPS).get("/actuator/prometheus").body().lines()
                    .filter(line -> line.startsWith("selvedge_kafka_consumer_lag{") && line.contains("topic=\"" + TRANSACTIONS + "\""))
                    .map(line -> new BigDecimal(line.substring(line.lastIndexOf(' ') + 1)).longValueExact()).findFirst().orElse(-1L);
            if (done.test(lag)) {
                return lag;
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        return lag;
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheConsumerCarriesOn() {
        String key = unique("STORE-ABK|R2");
        String posted = unique("ABK-R2");
        produce(TRANSACTIONS, key, JSON.writeValueAsString(sale(posted, sku, 1, "4242")));
        produce(TRANSACTIONS, key, "{\"transactionId\": \"" + unique("ABK-R2") + "\", ");
        Map<String, Object> invalid = sale(unique("ABK-R2"), sku, 1, "4242");
        invalid.put("store", "STORE-NOPE");
        produce(TRANSACTIONS, key, JSON.writeValueAsString(invalid));
        Map<String, Object> withCard = sale(unique("ABK-R2"), sku, 1, "4242");
        withCard.put("tenders", List.of(Map.of("type", "CARD", "amount", "97.45", "reference", "4111111111111111", "last4", "1111")));
        produce(TRANSACTIONS, key, JSON.writeValueAsString(withCard));
        produce(TRANSACTIONS, key, JSON.writeValueAsString(sale(posted, sku, 3, "4242")));
        String after = unique("ABK-R2");
        produce(TRANSACTIONS, key, JSON.writeValueAsString(sale(after, sku, 2, "4242")));

        assertThat(awaitOnHand(onHand -> onHand <= 7)).as("the sales before and after the poison are posted, nothing else").isEqualTo(7);
        assertThat(api(OPS).get("/api/v1/returns/returnable?orderRef=" + after).status()).isEqualTo(200);

        List<ConsumerRecord<String, String>> dead = readUntil(TRANSACTIONS + ".dlt",
                records -> records.stream().filter(r -> key.equals(r.key())).count() >= 4, WAIT)
                .stream().filter(r -> key.equals(r.key())).toList();
        assertThat(dead).extracting(r -> header(r, TransactionsDeadLetterTopic.CODE))
                .as("each poison record once, in order, with its reason")
                .containsExactly("MALFORMED_REQUEST", "VALIDATION", "CARD_NUMBER_REFUSED", "IDEMPOTENCY_CONFLICT");
        assertThat(dead).allMatch(r -> TRANSACTIONS.equals(header(r, "kafka_dlt-original-topic")));
        assertThat(header(dead.get(0), TransactionsDeadLetterTopic.REASON)).contains("not valid JSON");
        JsonNode problem = JSON.readTree(header(dead.get(1), TransactionsDeadLetterTopic.PROBLEM));
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(problem.get("errors").findValuesAsString("field")).contains("store");
        assertThat(dead.get(1).value()).as("the refused record itself, for a replay once fixed").contains("STORE-NOPE");
        assertThat(dead.get(2).value()).as("a card number is not copied to the dead-letter topic").isNull();
        assertThat(String.join(" ", header(dead.get(2), TransactionsDeadLetterTopic.REASON),
                header(dead.get(2), TransactionsDeadLetterTopic.PROBLEM))).doesNotContain("4111111111111111");
        assertThat(header(dead.get(3), TransactionsDeadLetterTopic.REASON)).contains(posted);
        assertThat(dead).allMatch(r -> r.headers().lastHeader("kafka_dlt-exception-stacktrace") == null);
        assertThat(awaitCommittedToTheEnd()).as("the dead-lettered offsets are committed, not retried").isTrue();
    }

    private long awaitOnHand(LongPredicate done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long onHand;
        do {
            onHand = onHand();
            if (done.test(onHand)) {
                return onHand;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        return onHand;
    }

    private long onHand() {
        var response = api(OPS).get("/api/v1/inventory/availability?location=STORE-ABK&sku=" + sku);
        assertThat(response.status()).isEqualTo(200);
        return response.json().get(0).get("onHand").asLong();
    }

    /** Whether the hub's group has committed every partition of the transactions topic up to its end. */
    private boolean awaitCommittedToTheEnd() throws RuntimeException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()))) {
            do {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("selvedge-hub")
                        .partitionsToOffsetAndMetadata().get();
                List<TopicPartition> partitions = admin.describeTopics(List.of(TRANSACTIONS)).allTopicNames().get().get(TRANSACTIONS)
                        .partitions().stream().map(p -> new TopicPartition(TRANSACTIONS, p.partition())).toList();
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                boolean atEnd = partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                        || (committed.get(p) != null && committed.get(p).offset() == ends.get(p).offset()));
                if (atEnd) {
                    return true;
                }
                sleep(100);
            } while (System.nanoTime() < deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return false;
    }

    private static Map<String, Object> sale(String transactionId, String sku, int quantity, String last4) {
        String tax = new BigDecimal("8.45").multiply(BigDecimal.valueOf(quantity)).toPlainString();
        String total = new BigDecimal("97.45").multiply(BigDecimal.valueOf(quantity)).toPlainString();
        return Fixtures.posTransaction(transactionId, "SALE",
                List.of(Map.of("lineNo", 1, "sku", sku, "quantity", quantity, "unitPrice", "89.00", "discount", "0.00", "tax", tax)),
                List.of(Map.of("type", "CARD", "brand", "VISA", "amount", total, "last4", last4)));
    }
}
