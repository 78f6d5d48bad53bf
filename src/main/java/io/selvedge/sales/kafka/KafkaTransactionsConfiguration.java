package io.selvedge.sales.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.sales.SalesIntake;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.TransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactions topic consumer, present only when Kafka is on ({@code selvedge.kafka.bootstrap-servers}) and
 * {@code selvedge.kafka.transactions.enabled=true}. Its consumer and dead-letter producer are its own, built from
 * Boot's {@code spring.kafka.*} client settings with the servers, the group and the commit rules fixed here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(KafkaTransactionsConfiguration.KAFKA_ON)
@ConditionalOnBooleanProperty("selvedge.kafka.transactions.enabled")
@EnableConfigurationProperties(KafkaTransactionsSettings.class)
class KafkaTransactionsConfiguration {

    static final String KAFKA_ON = "!'${selvedge.kafka.bootstrap-servers:}'.trim().isEmpty()";

    @Bean
    TransactionsDeadLetterTopic transactionsDeadLetterTopic(KafkaTransactionsSettings settings, KafkaProperties kafka,
                                                            ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers,
                                                            MeterRegistry meters) {
        Map<String, Object> properties = new HashMap<>(kafka.buildProducerProperties());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "selvedge-transactions-dlt");
        DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(properties);
        producers.setBeanName("selvedgeTransactionsDeadLetters"); // names its metrics (spring_id)
        customizers.orderedStream().forEach(customizer -> customizer.customize(producers));
        return new TransactionsDeadLetterTopic(producers, adminProperties(settings, kafka), settings.transactions().deadLetterTopic(), meters);
    }

    private static Map<String, Object> adminProperties(KafkaTransactionsSettings settings, KafkaProperties kafka) {
        Map<String, Object> admin = new HashMap<>(kafka.buildAdminProperties());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return admin;
    }

    @Bean
    TransactionsConsumerLag transactionsConsumerLag(KafkaTransactionsSettings settings, KafkaProperties kafka, MeterRegistry meters) {
        Map<String, Object> admin = adminProperties(settings, kafka);
        KafkaTransactionsSettings.Transactions transactions = settings.transactions();
        return new TransactionsConsumerLag(() -> Admin.create(admin), transactions.topic(), transactions.group(), transactions.lagEvery(),
                meters);
    }

    /**
     * Offsets are committed per record after the listener returns ({@code AckMode.RECORD}), that is after the ledger
     * commit, or after the record is dead-lettered; never automatically. A new group starts at the topic's beginning, so
     * transactions published before the hub first subscribed are posted too.
     */
    @Bean
    ConcurrentMessageListenerContainer<String, String> transactionsConsumer(
            KafkaTransactionsSettings settings, KafkaProperties kafka, ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers,
            SalesIntake intake, Contract contract, JsonMapper json, TransactionsDeadLetterTopic deadLetters, MeterRegistry meters) {
        KafkaTransactionsSettings.Transactions transactions = settings.transactions();
        Contract.SystemDef system = contract.systems().get(transactions.system());
        if (system == null) {
            throw new IllegalStateException("selvedge.kafka.transactions.system names no system of the contract: '"
                    + transactions.system() + "'");
        }
        Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, transactions.group());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "selvedge-transactions");
        DefaultKafkaConsumerFactory<String, String> consumers = new DefaultKafkaConsumerFactory<>(properties);
        consumers.setBeanName("selvedgeTransactions"); // names its metrics (spring_id)
        customizers.orderedStream().forEach(customizer -> customizer.customize(consumers));

        ContainerProperties container = new ContainerProperties(transactions.topic());
        container.setAckMode(ContainerProperties.AckMode.RECORD);
        container.setSyncCommits(true);
        container.setPollTimeout(1_000); // a stop (and the hub's shutdown) waits at most this for the poll in progress
        container.setMessageListener(new KafkaTransactionIntake(intake, new Caller(system), json, meters));
        ConcurrentMessageListenerContainer<String, String> consumer = new ConcurrentMessageListenerContainer<>(consumers, container);
        consumer.setConcurrency(transactions.concurrency());
        consumer.setCommonErrorHandler(errorHandler(transactions, deadLetters));
        consumer.setBeanName("selvedgeTransactionsConsumer");
        return consumer;
    }

    /**
     * A refusal is dead-lettered at once; a database outage is retried, backing off, until the database is back (the
     * partition waits, in order); any other failure is retried {@code unexpectedAttempts} times in all, then dead-lettered.
     * The dead-lettered record's offset is committed at once, so a restart does not dead-letter it again.
     */
    static DefaultErrorHandler errorHandler(KafkaTransactionsSettings.Transactions transactions, TransactionsDeadLetterTopic deadLetters) {
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, unexpected(transactions));
        handler.addNotRetryableExceptions(RefusedRecord.class);
        handler.setBackOffFunction((record, exception) -> databaseAway(exception) ? untilBack(transactions) : null);
        handler.setCommitRecovered(true);
        return handler;
    }

    private static BackOff unexpected(KafkaTransactionsSettings.Transactions transactions) {
        ExponentialBackOff backOff = untilBack(transactions);
        backOff.setMaxAttempts(transactions.unexpectedAttempts() - 1);
        return backOff;
    }

    private static ExponentialBackOff untilBack(KafkaTransactionsSettings.Transactions transactions) {
        ExponentialBackOff backOff = new ExponentialBackOff(transactions.retryInitial().toMillis(), 2);
        backOff.setMaxInterval(transactions.retryMax().toMillis());
        return backOff;
    }

    /** The database unreachable, down, or failing over: the same record will post once it is back. */
    static boolean databaseAway(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof TransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }
}
