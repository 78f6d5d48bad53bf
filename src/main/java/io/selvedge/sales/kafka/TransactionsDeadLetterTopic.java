package io.selvedge.sales.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;

/**
 * Where the transactions records the hub will not post end: {@code <topic>.dlt}, keyed as they came, with Spring
 * Kafka's {@code kafka_dlt-original-*} headers (topic, partition, offset, group) and the hub's own:
 * {@code selvedge-dlt-code} (an {@link ErrorCode} name, or {@code UNEXPECTED}), {@code selvedge-dlt-reason} (one line)
 * and, for a refusal, {@code selvedge-dlt-problem} (the RFC 9457 body HTTP would have answered). The exception message
 * and stack trace headers are left out: a parser's message can quote the payload. A record refused for carrying a card
 * number is dead-lettered without its value, so the number is not copied once more.
 *
 * <p>The send waits for the broker: if it fails, the error handler tries the record again, and its offset is committed
 * only once it is posted or dead-lettered.
 */
final class TransactionsDeadLetterTopic implements ConsumerRecordRecoverer, DisposableBean {

    static final String CODE = "selvedge-dlt-code";
    static final String REASON = "selvedge-dlt-reason";
    static final String PROBLEM = "selvedge-dlt-problem";

    private static final Logger log = LoggerFactory.getLogger(TransactionsDeadLetterTopic.class);

    private final DefaultKafkaProducerFactory<String, String> producers;
    private final Map<String, Object> adminProperties;
    private final String topic;
    private final DeadLetterPublishingRecoverer publisher;
    private final Counter deadLettered;
    private volatile boolean topicEnsured;

    TransactionsDeadLetterTopic(DefaultKafkaProducerFactory<String, String> producers, Map<String, Object> adminProperties,
                                String topic, MeterRegistry meters) {
        this.producers = producers;
        this.adminProperties = adminProperties;
        this.topic = topic;
        this.publisher = new Publisher(new KafkaTemplate<>(producers), topic);
        this.publisher.excludeHeader(HeadersToAdd.EX_MSG, HeadersToAdd.EX_STACKTRACE);
        this.publisher.setHeadersFunction((record, exception) -> headers(exception));
        this.publisher.setWaitForSendResultTimeout(Duration.ofSeconds(30));
        this.deadLettered = Counter.builder("selvedge.kafka.transactions").tag("outcome", "dead-lettered")
                .description("transactions records sent to the dead-letter topic").register(meters);
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        ensureTopic();
        publisher.accept(record, exception);
        deadLettered.increment();
        RefusedRecord refused = refusal(exception);
        log.warn("event=sales.kafka-dead-lettered topic={} partition={} offset={} deadLetterTopic={} code={}", record.topic(),
                record.partition(), record.offset(), topic, refused == null ? "UNEXPECTED" : refused.code().name());
    }

    @Override
    public void destroy() {
        producers.destroy();
    }

    private static Headers headers(Exception exception) {
        RefusedRecord refused = refusal(exception);
        Headers headers = new RecordHeaders();
        if (refused != null) {
            headers.add(CODE, bytes(refused.code().name()));
            headers.add(REASON, bytes(refused.getMessage()));
            headers.add(PROBLEM, bytes(refused.problem()));
        } else {
            Throwable cause = exception.getCause() == null ? exception : exception.getCause();
            headers.add(CODE, bytes("UNEXPECTED"));
            headers.add(REASON, bytes("failed on every attempt with " + cause.getClass().getName()));
        }
        return headers;
    }

    /** The refusal behind the listener's exception, or null when the record failed for another reason. */
    static RefusedRecord refusal(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RefusedRecord refused) {
                return refused;
            }
        }
        return null;
    }

    private static byte[] bytes(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }

    /** Made once, with the broker's default partitions and replicas; a refusal is left to the send (the topic may exist). */
    private void ensureTopic() {
        if (topicEnsured) {
            return;
        }
        try (Admin admin = Admin.create(adminProperties)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            log.info("event=sales.kafka-dead-letter-topic-created topic={}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                log.warn("event=sales.kafka-dead-letter-topic-not-created topic={} error=\"{}\"", topic, e.getCause().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("event=sales.kafka-dead-letter-topic-not-created topic={} error=timeout", topic);
            return; // asked again with the next dead letter
        }
        topicEnsured = true;
    }

    /** Any partition of the dead-letter topic (it need not have the source's count); a card number's value withheld. */
    private static final class Publisher extends DeadLetterPublishingRecoverer {

        Publisher(KafkaTemplate<String, String> template, String topic) {
            super(template, (record, exception) -> new TopicPartition(topic, -1));
        }

        @Override
        protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record, TopicPartition topicPartition,
                                                                      Headers headers, byte[] key, byte[] value) {
            var code = headers.lastHeader(CODE);
            boolean withheld = code != null
                    && ErrorCode.CARD_NUMBER_REFUSED.name().equals(new String(code.value(), StandardCharsets.UTF_8));
            return new ProducerRecord<>(topicPartition.topic(), null, key != null ? key : record.key(),
                    withheld ? null : (value != null ? value : record.value()), headers);
        }
    }
}
