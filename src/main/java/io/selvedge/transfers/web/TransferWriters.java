package io.selvedge.transfers.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.contract.ContractGuard;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Who may create, ship and receive transfers: the contract's {@code writes:} entry for each message when it has one;
 * otherwise {@link #DEFAULT_WRITERS}: the back office (erp), operations (ops) and the POS, each only for the locations it
 * speaks for: the origin to create and ship, the destination to receive. Refusals go through a {@link ContractGuard},
 * so they are 403s counted and emitted as {@code contract.violation} like any other.
 */
@Component
class TransferWriters {

    static final String CREATE = "transfer.create";
    static final String SHIP = "transfer.ship";
    static final String RECEIVE = "transfer.receive";
    static final Map<String, Set<String>> DEFAULT_WRITERS = Map.of(
            CREATE, Set.of("erp", "ops", "pos"),
            SHIP, Set.of("erp", "ops", "pos"),
            RECEIVE, Set.of("erp", "ops", "pos"));

    private final ContractGuard guard;

    TransferWriters(ContractGuard guard, WriteTransactions writes, Outbox outbox, MeterRegistry meters, Clock clock) {
        Contract contract = guard.contract();
        Map<String, Set<String>> withDefaults = new LinkedHashMap<>(contract.writes());
        DEFAULT_WRITERS.forEach((message, writers) -> {
            if (contract.writersOf(message).isEmpty()) {
                withDefaults.put(message, writers);
            }
        });
        this.guard = withDefaults.equals(contract.writes()) ? guard
                : new ContractGuard(contract.withWriters(withDefaults), writes, outbox, meters, clock);
    }

    /** The caller must send {@code message} and speak for {@code location}. */
    void require(Caller caller, String message, String location) {
        guard.requireWriter(caller, message, location);
    }

    void require(Caller caller, String message) {
        guard.requireWriter(caller, message);
    }
}
