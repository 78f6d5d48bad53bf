package io.selvedge.sales.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * {@code selvedge.kafka.consumer.lag}: records on the transactions topic that the hub's group has not committed, summed
 * over the partitions (end offset minus committed offset; a partition never committed counts from its first offset).
 * Since offsets are committed only after the ledger commit, that is exactly what is on Kafka but not in the ledger yet.
 * Measured with an admin client every {@code every}, off the consumer's thread; a failed measurement keeps the last value.
 */
final class TransactionsConsumerLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TransactionsConsumerLag.class);
    private static final long ANSWER_WITHIN_SECONDS = 10;

    private final Supplier<Admin> admins;
    private final String topic;
    private final String group;
    private final Duration every;
    private final AtomicLong lag = new AtomicLong();
    private volatile ScheduledExecutorService timer;
    private volatile Admin admin;

    TransactionsConsumerLag(Supplier<Admin> admins, String topic, String group, Duration every, MeterRegistry meters) {
        this.admins = admins;
        this.topic = topic;
        this.group = group;
        this.every = every;
        meters.gauge("selvedge.kafka.consumer.lag", Tags.of("topic", topic, "group", group), lag);
    }

    @Override
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        admin = admins.get();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "selvedge-kafka-consumer-lag");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::measureQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        timer = null;
        admin.close(Duration.ofSeconds(5));
        admin = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    long lag() {
        return lag.get();
    }

    private void measureQuietly() {
        try {
            lag.set(measure());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                lag.set(0); // nothing published yet
            } else {
                log.debug("event=sales.kafka-lag-failed topic={} error={}", topic, e.getCause().toString());
            }
        } catch (TimeoutException | RuntimeException e) {
            log.debug("event=sales.kafka-lag-failed topic={} error={}", topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long measure() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        List<TopicPartition> neverCommitted = partitions.stream().filter(p -> committed.get(p) == null).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = neverCommitted.isEmpty() ? Map.of()
                : offsets(neverCommitted, OffsetSpec.earliest());
        long total = 0;
        for (TopicPartition partition : partitions) {
            long from = committed.get(partition) != null ? committed.get(partition).offset() : starts.get(partition).offset();
            total += Math.max(0, ends.get(partition).offset() - from);
        }
        return total;
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return admin.listOffsets(request).all().get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
    }
}
