package io.selvedge.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.shared.CommitListener;
import io.selvedge.shared.CommitOrder;
import io.selvedge.shared.IdempotencyLog;
import io.selvedge.shared.IdempotentWrites;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class AppConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    GroupCommit writeTransactions(PlatformTransactionManager transactionManager, MeterRegistry meters,
                                  @Value("${selvedge.write.max-group:256}") int maxGroup,
                                  ObjectProvider<CommitListener> listeners) {
        return new GroupCommit(new TransactionTemplate(transactionManager), maxGroup, meters,
                () -> listeners.orderedStream().toList());
    }

    /** Money travels as JSON strings ("89.00"): a number where text is expected is refused, never coerced. */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Instants only from ISO-8601 strings ({@link IsoInstants}), never from numbers read as epoch seconds. */
    @Bean
    JsonMapperBuilderCustomizer isoInstants() {
        return builder -> builder.addModule(new SimpleModule("iso-instants").addDeserializer(Instant.class, new IsoInstants()));
    }

    /** Background work claimed by one instance at a time (docs/instances.md); released on shutdown for a quick takeover. */
    @Bean(destroyMethod = "close")
    JdbcLeases leases(JdbcClient jdbc, @Value("${selvedge.instances.lease-ttl:10s}") java.time.Duration ttl,
                      @Value("${selvedge.instances.id:}") String instanceId) {
        return new JdbcLeases(jdbc, ttl, instanceId);
    }

    @Bean
    CommitOrder commitOrder(JdbcClient jdbc, MeterRegistry meters) {
        return new JdbcCommitOrder(jdbc, meters);
    }

    @Bean
    IdempotencyLog idempotencyLog(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batch, Clock clock) {
        return new JdbcIdempotencyLog(jdbc, batch, clock);
    }

    @Bean
    IdempotentWrites idempotentWrites(WriteTransactions writes, IdempotencyLog log) {
        return new IdempotentWrites(writes, log);
    }
}
