package io.selvedge.sales.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.contract.Caller;
import io.selvedge.sales.SalesIntake;
import io.selvedge.sales.TransactionRequest;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.JsonBodies;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteResult;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts each record of the transactions topic (the JSON body of {@code POST /api/v1/pos/transactions}) through the
 * same idempotent path as HTTP, as the contract's POS system. Returns only after the ledger commit, so the container
 * commits the record's offset ({@code AckMode.RECORD}) only once the sale is durable; a record posted twice (a
 * redelivery after a crash, or the POS sending it again) has the effect of one. A refusal is thrown as
 * {@link RefusedRecord} for the error handler to dead-letter; anything else is thrown as it is, to be retried.
 */
final class KafkaTransactionIntake implements MessageListener<String, String> {

    private static final Logger log = LoggerFactory.getLogger(KafkaTransactionIntake.class);

    private final SalesIntake intake;
    private final Caller caller;
    private final JsonMapper json;
    private final Counter posted;
    private final Counter replayed;

    KafkaTransactionIntake(SalesIntake intake, Caller caller, JsonMapper json, MeterRegistry meters) {
        this.intake = intake;
        this.caller = caller;
        this.json = json;
        this.posted = Counter.builder("selvedge.kafka.transactions").tag("outcome", "posted")
                .description("transactions records posted from Kafka").register(meters);
        this.replayed = Counter.builder("selvedge.kafka.transactions").tag("outcome", "replayed")
                .description("transactions records already received (same id, same body): no effect").register(meters);
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        WriteResult result;
        try {
            String body = record.value();
            if (body == null || body.isBlank()) {
                throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "The record has no value: a transaction is required");
            }
            SalesIntake.refuseCardNumbers(body);
            result = intake.posTransaction(caller, parse(body));
        } catch (ProblemException e) {
            throw new RefusedRecord(e.code(), e.getMessage(), intake.refusal(e).json());
        }
        if (result.status() >= 400) {
            throw refused(result);
        }
        (result.replay() ? replayed : posted).increment();
        log.debug("event=sales.kafka-posted topic={} partition={} offset={} status={} replay={}", record.topic(), record.partition(),
                record.offset(), result.status(), result.replay());
    }

    /** As the HTTP endpoint parses: a wrong type names its field (422), anything else is not JSON (400). */
    private TransactionRequest parse(String body) {
        return JsonBodies.parse(json, body, TransactionRequest.class, "The record's value is not valid JSON");
    }

    /** A refusal decided inside the write (a void of an unknown sale, say) comes back as a problem body. */
    private RefusedRecord refused(WriteResult result) {
        JsonNode problem = json.readTree(result.json());
        String type = problem.path("type").asString("");
        ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.type().equals(type)).findFirst().orElse(ErrorCode.VALIDATION);
        return new RefusedRecord(code, problem.path("detail").asString(code.title()), result.json());
    }
}
