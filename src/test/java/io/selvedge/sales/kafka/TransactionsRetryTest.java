package io.selvedge.sales.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.shared.ErrorCode;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures of a transactions record wait for the database, and which are refusals to dead-letter at once. */
class TransactionsRetryTest {

    @Test
    void aDatabaseThatCannotBeReachedIsWaitedFor() {
        assertThat(KafkaTransactionsConfiguration.databaseAway(listener(new CannotGetJdbcConnectionException("pool empty",
                new SQLTransientConnectionException("timeout"))))).isTrue();
        assertThat(KafkaTransactionsConfiguration.databaseAway(listener(new CannotCreateTransactionException("no connection")))).isTrue();
    }

    @Test
    void aBugOrARefusalIsNotMistakenForAnOutage() {
        assertThat(KafkaTransactionsConfiguration.databaseAway(listener(new DataIntegrityViolationException("duplicate key")))).isFalse();
        assertThat(KafkaTransactionsConfiguration.databaseAway(listener(new IllegalStateException("bug")))).isFalse();
        RefusedRecord refused = new RefusedRecord(ErrorCode.VALIDATION, "store is unknown", "{}");
        assertThat(KafkaTransactionsConfiguration.databaseAway(listener(refused))).isFalse();
        assertThat(TransactionsDeadLetterTopic.refusal(listener(refused))).isSameAs(refused);
        assertThat(TransactionsDeadLetterTopic.refusal(listener(new IllegalStateException("bug")))).isNull();
    }

    private static ListenerExecutionFailedException listener(Exception cause) {
        return new ListenerExecutionFailedException("listener failed", cause);
    }
}
