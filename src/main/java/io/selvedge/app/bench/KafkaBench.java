package io.selvedge.app.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench kafka --kafka=HOST:PORT}: Kafka out, against a real broker.
 * <ol>
 * <li><b>relay throughput</b>: with the relay stopped, a backlog of three-line sales is posted; the relay is started
 * and timed until the broker has acknowledged the whole backlog (outbox → Kafka, cursor saved per batch). Baseline,
 * same run, same broker: the very records the relay published, read back and sent by a plain {@link KafkaProducer}
 * with the relay's settings (idempotent, {@code acks=all}, one request in flight, {@code linger.ms=5}) and with the
 * client's defaults (five in flight), waiting only once at the end.</li>
 * <li><b>commit to consumer</b>: sales in an open loop; a plain {@link KafkaConsumer} on the order topic notes when each
 * sale's {@code order.created} arrives. Latency from the sale's HTTP acknowledgement (its commit is just before) and,
 * as an upper bound, from the moment the sale was due.</li>
 * </ol>
 * The relay is reached only as a Spring {@link Lifecycle} (bean {@code kafkaRelay}) and through its public metrics.
 */
final class KafkaBench {

    private static final List<String> STORES = List.of("STORE-ABK", "STORE-SOHO", "STORE-MEL");
    private static final String EVENT_ID = "selvedge-event-id";

    private final String base;
    private final JsonMapper json;
    private final PrintStream out;
    private final List<String> skus;
    private final ApplicationContext context;
    private final MeterRegistry meters;
    private final String servers;
    private final String prefix;
    private final LoadGenerator load = new LoadGenerator();
    private final AtomicLong saleNumber = new AtomicLong();

    KafkaBench(String base, JsonMapper json, PrintStream out, List<String> skus, ApplicationContext context) {
        this.base = base;
        this.json = json;
        this.out = out;
        this.skus = skus;
        this.context = context;
        this.meters = context.getBean(MeterRegistry.class);
        this.servers = context.getEnvironment().getProperty("selvedge.kafka.bootstrap-servers", "").trim();
        this.prefix = context.getEnvironment().getProperty("selvedge.kafka.topic-prefix", "selvedge.");
    }

    boolean run(int backlogSales, double rate, int sales) throws Exception {
        if (servers.isEmpty() || !context.containsBean("kafkaRelay")) {
            out.println("kafka: no broker: run with --kafka=HOST:PORT (docs/benchmarks.md shows how to start one locally)");
            return false;
        }
        out.printf("kafka: broker %s, topics %s*%n", servers, prefix);
        awaitRelayLag(0, Duration.ofSeconds(60));
        relayThroughput(backlogSales);
        commitToConsumer(rate, sales);
        return true;
    }

    private void relayThroughput(int backlogSales) throws Exception {
        Lifecycle relay = context.getBean("kafkaRelay", Lifecycle.class);
        relay.stop();
        LoadGenerator.Result posted = load.closedLoop(backlogSales, 16, i -> sale(3));
        double backlog = relayLag();
        out.printf(Locale.ROOT, "backlog: %d three-line sales posted (%d errors) with the relay stopped: %.0f outbox events%n",
                posted.accepted(), posted.errors(), backlog);
        double publishedBefore = counter("selvedge.kafka.relay.published");
        double failuresBefore = counter("selvedge.kafka.relay.failures");
        long start = System.nanoTime();
        relay.start();
        long deadline = start + TimeUnit.MINUTES.toNanos(5);
        while (counter("selvedge.kafka.relay.published") < publishedBefore + backlog && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double published = counter("selvedge.kafka.relay.published") - publishedBefore;
        double relayRate = published / seconds;
        out.printf(Locale.ROOT, "%-52s %,9.0f events/s  (%,.0f events in %.2f s, %.0f failed rounds)%n", "relay, outbox -> Kafka (acks=all, cursor saved)",
                relayRate, published, seconds, counter("selvedge.kafka.relay.failures") - failuresBefore);

        List<ProducerRecord<String, String>> records = readBack();
        out.printf("baseline: the %,d records this run put on %s* read back, sent again to bench-baseline.* by a plain producer%n", records.size(), prefix);
        createBaselineTopics(records);
        Map<String, Object> relayLike = Map.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        double sameSettings = plainProducer(records, relayLike);
        out.printf(Locale.ROOT, "%-52s %,9.0f events/s  (relay = %.0f%%)%n", "plain producer, the relay's settings (1 in flight)", sameSettings,
                100 * relayRate / sameSettings);
        double defaults = plainProducer(records, Map.of());
        out.printf(Locale.ROOT, "%-52s %,9.0f events/s  (relay = %.0f%%)%n", "plain producer, client defaults (5 in flight)", defaults,
                100 * relayRate / defaults);
    }

    /** Every record on the relay's topics, as published (topic family, key, value, headers), in partition order. */
    private List<ProducerRecord<String, String>> readBack() {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics(Duration.ofSeconds(30)).forEach((topic, infos) -> {
                if (topic.startsWith(prefix)) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            });
            consumer.assign(partitions);
            // this run's records only: the broker may keep an earlier run's (a fresh database publishes from its start)
            long started = ManagementFactory.getRuntimeMXBean().getStartTime();
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(p -> since.put(p, started));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.offsetsForTimes(since).forEach((p, at) -> consumer.seek(p, at == null ? ends.get(p) : at.offset()));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    ProducerRecord<String, String> copy = new ProducerRecord<>("bench-baseline." + record.topic().substring(prefix.length()),
                            record.key(), record.value());
                    for (Header header : record.headers()) {
                        copy.headers().add(header.key(), header.value());
                    }
                    records.add(copy);
                }
            }
        }
        return records;
    }

    private void createBaselineTopics(List<ProducerRecord<String, String>> records) throws Exception {
        int partitions = Integer.parseInt(context.getEnvironment().getProperty("selvedge.kafka.topics.partitions", "6"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing = records.stream().map(ProducerRecord::topic).distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
        // one record to each partition, untimed: every partition's leader is known before a measured pass starts
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(Map.of()))) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (String topic : records.stream().map(ProducerRecord::topic).distinct().toList()) {
                for (var partition : producer.partitionsFor(topic)) {
                    sends.add(producer.send(new ProducerRecord<>(topic, partition.partition(), "warm-up", "{}")));
                }
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(2, TimeUnit.MINUTES);
            }
        }
    }

    private Map<String, Object> producerProperties(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5));
        properties.putAll(settings);
        return properties;
    }

    /** Sends every record, then waits for all the acknowledgements; answers records per second. */
    private double plainProducer(List<ProducerRecord<String, String>> records, Map<String, Object> settings) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(settings))) {
            records.stream().map(ProducerRecord::topic).distinct().forEach(producer::partitionsFor); // metadata before the clock starts
            long start = System.nanoTime();
            List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
            for (ProducerRecord<String, String> record : records) {
                sends.add(producer.send(record));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(2, TimeUnit.MINUTES);
            }
            return records.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private void commitToConsumer(double rate, int sales) throws Exception {
        out.printf(Locale.ROOT, "commit to consumer: %d three-line sales at %.0f/s (open loop); a plain consumer reads %sorder%n", sales, rate, prefix);
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        CountDownLatch assigned = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = consumer()) {
                List<TopicPartition> partitions = consumer.partitionsFor(prefix + "order", Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                assigned.countDown();
                while (reading.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        Header id = record.headers().lastHeader(EVENT_ID);
                        if (id != null) {
                            arrivals.putIfAbsent(record.key() + " " + new String(id.value(), StandardCharsets.UTF_8), now);
                        }
                    }
                }
            }
        }, "bench-kafka-consumer");
        reader.start();
        if (!assigned.await(60, TimeUnit.SECONDS)) {
            reading.set(false);
            throw new IllegalStateException("the consumer could not be assigned " + prefix + "order");
        }
        Map<String, long[]> sent = new ConcurrentHashMap<>();
        LoadGenerator.Result result = load.openLoop(sales, rate, i -> sale(3), (response, due, answered) -> {
            String orderRef = json.readTree(response.body()).get("orderRef").asString();
            sent.put("order|" + orderRef, new long[] {due, answered});
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (arrivals.size() < sent.size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        reading.set(false);
        reader.join(5000);
        List<Long> fromAck = new ArrayList<>();
        List<Long> fromDue = new ArrayList<>();
        arrivals.forEach((keyAndId, at) -> {
            long[] times = sent.get(keyAndId.substring(0, keyAndId.indexOf(' ')));
            if (times != null) {
                fromAck.add(Math.max(0, at - times[1]));
                fromDue.add(at - times[0]);
            }
        });
        out.printf(Locale.ROOT, "sales over HTTP: offered %.0f/s accepted %.0f/s errors %d  p50 %.1f ms p99 %.1f ms (from due)%n",
                result.offeredRate(), result.acceptedRate(), result.errors(), result.percentile(50) / 1000.0, result.percentile(99) / 1000.0);
        out.printf(Locale.ROOT, "%-44s received %d of %d   from ack: p50 %6.1f ms p99 %6.1f ms max %6.1f ms   from due: p50 %6.1f ms p99 %6.1f ms%n",
                "order.created on Kafka, plain consumer", fromAck.size(), sent.size(), LoadGenerator.percentileMillis(fromAck, 50),
                LoadGenerator.percentileMillis(fromAck, 99), LoadGenerator.percentileMillis(fromAck, 100),
                LoadGenerator.percentileMillis(fromDue, 50), LoadGenerator.percentileMillis(fromDue, 99));
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
    }

    private void awaitRelayLag(double atMost, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (relayLag() > atMost && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** {@code selvedge_kafka_relay_lag}: outbox events the broker has not acknowledged (counted at most once a second). */
    private double relayLag() throws InterruptedException {
        Gauge lag = meters.find("selvedge.kafka.relay.lag").gauge();
        if (lag == null) {
            throw new IllegalStateException("the relay's lag gauge is missing");
        }
        Thread.sleep(1100); // a fresh count, not the one taken up to a second ago
        return lag.value();
    }

    private double counter(String name) {
        Counter counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }


    private HttpRequest sale(int lineCount) {
        long n = saleNumber.incrementAndGet();
        String store = STORES.get((int) (n % STORES.size()));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int line = 1; line <= lineCount; line++) {
            String sku = skus.get((int) ((n * 7 + line * 13) % skus.size()));
            lines.add(Map.of("lineNo", line, "sku", sku, "quantity", 1, "unitPrice", "50.00", "discount", "0.00", "tax", "4.00"));
        }
        Map<String, Object> body = LoadGenerator.posSale(store + "-K" + (n % 20) + "-" + n, store, "K" + (n % 20), lines,
                Map.of("type", "CASH", "amount", String.format(Locale.ROOT, "%d.00", 54 * lineCount)));
        return LoadGenerator.post(base + "/api/v1/pos/transactions", "dev-pos-key", json.writeValueAsString(body));
    }
}
