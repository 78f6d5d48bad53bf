package io.selvedge.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.events.domain.StoredEvent;
import io.selvedge.events.jdbc.JdbcOutbox;
import io.selvedge.shared.CommitListener;
import io.selvedge.shared.WriteTransactions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * Publishes every outbox event to Kafka, in outbox order, at least once: one topic per event family
 * ({@link EventTopics}), the event's key as the record key (so one key's events share a partition and keep their
 * order), the webhook body as the value and the event id in the {@code selvedge-event-id} header, for consumers to
 * drop duplicates by.
 *
 * <p>One thread wakes on every commit ({@link CommitListener}) and at least every poll interval, reads the outbox
 * after its cursor in batches, sends each batch through an idempotent producer ({@code acks=all}) and waits for the
 * broker's acknowledgements; only then does it move the cursor, through the last event of the acknowledged prefix,
 * and save it in {@code kafka_relay_cursor}. A failed batch is sent again from its first unacknowledged event, so a
 * crash or a broker outage re-sends at most that tail, never skips an event. The first failed send closes the producer
 * from its callback (one request in flight per broker), so no later event of the same key reaches the broker before
 * the failed one's re-send: a consumer that drops repeated ids sees each key's events in order.
 *
 * <p>With several hub instances, one relays per topic prefix: the holder of the {@code events.kafka-relay:<prefix>}
 * lease, which picks up from the saved cursor when it takes over; cursors are saved under the lease's fence.
 */
final class KafkaRelay implements CommitListener, SmartLifecycle {

    static final String EVENT_ID_HEADER = "selvedge-event-id";
    static final String EVENT_TYPE_HEADER = "selvedge-event-type";

    private static final Logger log = LoggerFactory.getLogger(KafkaRelay.class);
    private static final Duration LAG_EVERY = Duration.ofSeconds(1);
    private static final String METRICS_ID = "selvedgeKafkaRelay";

    private final JdbcOutbox outbox;
    private final JdbcRelayCursor cursors;
    private final WriteTransactions writes;
    private final Map<String, Object> producerProperties;
    /** Binds the producer's own metrics ({@code kafka_producer_*}) tagged as Spring Kafka tags its clients'. */
    private final MicrometerProducerListener<String, String> producerMetrics;
    private final Supplier<Admin> admins;
    private final KafkaRelaySettings settings;
    private final EventTopics topics;
    private final Clock clock;
    private final Semaphore wakeups = new Semaphore(0);
    private final Set<String> ensuredTopics = new HashSet<>();
    private final Counter published;
    private final Counter failures;

    private volatile boolean running;
    private volatile Thread worker;
    private volatile long cursor;
    private volatile long savedCursor;
    private volatile long lag;
    private volatile long lagTakenAtNanos;
    private Producer<String, String> producer;
    /** Set by a send's callback when the broker refused or timed out: that producer is closed and must not be used again. */
    private volatile boolean producerBroken;
    private Admin admin;
    private final io.selvedge.shared.Leases leases;
    private volatile io.selvedge.shared.Leases.Lease lease;
    private volatile boolean leading;

    KafkaRelay(JdbcOutbox outbox, JdbcRelayCursor cursors, WriteTransactions writes, Map<String, Object> producerProperties,
               Supplier<Admin> admins, KafkaRelaySettings settings, Clock clock, MeterRegistry meters,
               io.selvedge.shared.Leases leases) {
        this.leases = leases;
        this.outbox = outbox;
        this.cursors = cursors;
        this.writes = writes;
        this.producerProperties = Map.copyOf(producerProperties);
        this.producerMetrics = new MicrometerProducerListener<>(meters);
        this.admins = admins;
        this.settings = settings;
        this.topics = new EventTopics(settings.topicPrefix());
        this.clock = clock;
        this.published = Counter.builder("selvedge.kafka.relay.published")
                .description("outbox events the broker acknowledged (re-sends count again)").register(meters);
        this.failures = Counter.builder("selvedge.kafka.relay.failures")
                .description("relay rounds that failed and will be sent again from the cursor").register(meters);
        Gauge.builder("selvedge.kafka.relay.lag", this, KafkaRelay::lag)
                .description("outbox events not yet acknowledged by Kafka").register(meters);
        Gauge.builder("selvedge.kafka.relay.cursor", this, relay -> relay.cursor)
                .description("the last outbox id whose event the broker acknowledged").register(meters);
    }

    @Override
    public void committed() {
        if (running) {
            wakeups.release();
        }
    }

    @Override
    public boolean isAutoStartup() {
        return settings.relay().enabled();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        long startAt = settings.relay().startAt().equals("end") ? outbox.lastId() : 0;
        cursor = writes.write(() -> cursors.open(settings.topicPrefix(), startAt, clock.instant()));
        savedCursor = cursor;
        admin = settings.topics().create() ? admins.get() : null;
        ensuredTopics.clear();
        running = true;
        leading = false;
        lease = leases.standing("events.kafka-relay:" + settings.topicPrefix());
        lagTakenAtNanos = 0;
        Thread thread = new Thread(this::run, "selvedge-kafka-relay");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
        log.info("event=events.kafka-relay-started prefix={} cursor={}", settings.topicPrefix(), cursor);
    }

    /** Lets the batch in flight finish (its acknowledgements saved) before the producer closes. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wakeups.release();
        Thread thread = worker;
        try {
            thread.join(settings.relay().sendTimeout().plusSeconds(5).toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveCursorQuietly();
        lease.release();
        closeProducer(settings.relay().sendTimeout());
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        log.info("event=events.kafka-relay-stopped prefix={} cursor={}", settings.topicPrefix(), cursor);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The last outbox id the broker acknowledged (saved, or about to be). */
    long cursor() {
        return cursor;
    }

    private void run() {
        Duration poll = settings.relay().pollInterval();
        int failedInARow = 0;
        while (running) {
            try {
                wakeups.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                if (running && lead()) {
                    publishNew();
                    failedInARow = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.increment();
                long delay = retryDelay(++failedInARow).toMillis();
                log.warn("event=events.kafka-relay-failed prefix={} cursor={} inARow={} retryInMs={} error=\"{}\"", settings.topicPrefix(),
                        cursor, failedInARow, delay, e.toString());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Whether this instance holds the relay's lease; on taking it, the cursor is read back (another may have moved it). */
    private boolean lead() {
        boolean held = lease.held();
        if (held && !leading) {
            cursor = cursors.find(settings.topicPrefix()).orElse(cursor);
            savedCursor = cursor;
            log.info("event=events.kafka-relay-leading prefix={} cursor={}", settings.topicPrefix(), cursor);
        }
        leading = held;
        return held;
    }

    /** {@code retryDelay} doubling with each failure in a row, up to {@code maxRetryDelay}. */
    private Duration retryDelay(int failedInARow) {
        Duration delay = settings.relay().retryDelay();
        for (int i = 1; i < failedInARow && delay.compareTo(settings.relay().maxRetryDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(settings.relay().maxRetryDelay()) > 0 ? settings.relay().maxRetryDelay() : delay;
    }

    /** Sends everything after the cursor, a batch at a time. Throws when a batch was not wholly acknowledged. */
    private void publishNew() throws InterruptedException {
        saveCursorQuietly();
        int batchSize = settings.relay().batchSize();
        List<StoredEvent> batch;
        do {
            batch = outbox.after(cursor, batchSize);
            if (!batch.isEmpty()) {
                publish(batch);
            }
        } while (batch.size() == batchSize && running);
    }

    private void publish(List<StoredEvent> batch) throws InterruptedException {
        ensureTopics(batch);
        Producer<String, String> producer = producer();
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        RuntimeException refused = null;
        try {
            for (StoredEvent event : batch) {
                sends.add(producer.send(record(event), (metadata, exception) -> {
                    if (exception != null && !producerBroken) {
                        // on the producer's I/O thread, before it sends anything else: nothing queued behind a failed
                        // record reaches the broker ahead of its re-send, so a key's first copies stay in order
                        producerBroken = true;
                        producer.close(Duration.ZERO);
                    }
                }));
            }
        } catch (RuntimeException e) {
            refused = e; // what was handed to the producer before it may still be acknowledged
        }
        long deadline = System.nanoTime() + settings.relay().sendTimeout().plusSeconds(5).toNanos();
        long acknowledged = cursor;
        Throwable failure = null;
        int failed = sends.size();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged = batch.get(i).sequence();
            } catch (ExecutionException e) {
                failure = e.getCause();
                failed = i;
                break;
            } catch (TimeoutException e) {
                failure = e;
                failed = i;
                break;
            }
        }
        if (failure == null && refused != null) {
            failure = refused;
        }
        if (failure != null) {
            producerBroken = true;
        }
        if (acknowledged > cursor) {
            long from = cursor;
            long through = acknowledged;
            published.increment(batch.stream().filter(event -> event.sequence() > from && event.sequence() <= through).count());
            cursor = through;
            saveCursorQuietly();
        }
        if (failure != null) {
            StoredEvent first = batch.get(Math.min(failed, batch.size() - 1));
            throw new IllegalStateException("Kafka did not acknowledge event " + first.eventId() + " (" + first.type() + ", outbox id "
                    + first.sequence() + "): " + failure, failure);
        }
    }

    /** The producer, a new one after a failure (a fresh producer id, nothing of the failed round left in its queue). */
    private Producer<String, String> producer() {
        if (producer != null && producerBroken) {
            closeProducer(Duration.ZERO);
        }
        if (producer == null) {
            producer = new KafkaProducer<>(producerProperties);
            producerMetrics.producerAdded(METRICS_ID, producer);
            producerBroken = false;
        }
        return producer;
    }

    private void closeProducer(Duration timeout) {
        if (producer == null) {
            return;
        }
        producerMetrics.producerRemoved(METRICS_ID, producer);
        producer.close(timeout);
        producer = null;
    }

    private ProducerRecord<String, String> record(StoredEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topics.topicOf(event.type()), event.key(), event.webhookBody());
        record.headers().add(EVENT_ID_HEADER, event.eventId().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EVENT_TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * Creates the topics of this batch's families that this run has not seen yet. A refusal (topics provisioned
     * elsewhere, no right to create) is logged once and left to the send: an existing or auto-created topic still works.
     */
    private void ensureTopics(List<StoredEvent> batch) throws InterruptedException {
        if (admin == null) {
            return;
        }
        List<NewTopic> missing = batch.stream().map(event -> topics.topicOf(event.type())).distinct()
                .filter(topic -> !ensuredTopics.contains(topic))
                .map(topic -> new NewTopic(topic, Optional.of(settings.topics().partitions()), replicationFactor())).toList();
        if (missing.isEmpty()) {
            return;
        }
        var created = admin.createTopics(missing).values();
        for (Map.Entry<String, ? extends org.apache.kafka.common.KafkaFuture<Void>> topic : created.entrySet()) {
            try {
                topic.getValue().get(settings.relay().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                log.info("event=events.kafka-topic-created topic={} partitions={}", topic.getKey(), settings.topics().partitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    log.warn("event=events.kafka-topic-not-created topic={} error=\"{}\"", topic.getKey(), e.getCause().toString());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer the creation of topic " + topic.getKey(), e);
            }
            ensuredTopics.add(topic.getKey());
        }
    }

    private Optional<Short> replicationFactor() {
        short factor = settings.topics().replicationFactor();
        return factor < 0 ? Optional.empty() : Optional.of(factor);
    }

    private void saveCursor() {
        long through = cursor;
        if (through <= savedCursor) {
            return;
        }
        writes.write(() -> {
            cursors.advance(settings.topicPrefix(), through, clock.instant(), lease.fence());
            return null;
        });
        savedCursor = through;
    }

    /** A cursor that could not be saved (the database was away) is saved on the next round; Kafka is not held up. */
    private void saveCursorQuietly() {
        try {
            saveCursor();
        } catch (RuntimeException e) {
            log.warn("event=events.kafka-relay-cursor-save-failed prefix={} cursor={} error=\"{}\"", settings.topicPrefix(), cursor,
                    e.toString());
        }
    }

    /** Outbox events after the cursor, counted at most once a second (on a scrape, not on the relay's thread). */
    private double lag() {
        long now = System.nanoTime();
        if (lagTakenAtNanos == 0 || now - lagTakenAtNanos > LAG_EVERY.toNanos()) {
            try {
                lag = outbox.countMatching(cursor, Long.MAX_VALUE, List.of(), List.of()).events();
                lagTakenAtNanos = now;
            } catch (RuntimeException e) {
                log.debug("event=events.kafka-relay-lag-failed error={}", e.toString());
            }
        }
        return lag;
    }
}
