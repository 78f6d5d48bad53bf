package io.selvedge.inventory.web;

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
 * Who may send a POS snapshot ({@code inventory.pos-snapshot}): the contract's {@code writes:} entry when it has one;
 * otherwise {@link #DEFAULT_WRITERS}, the POS systems, each for the stores it speaks for. Refusals go through a
 * {@link ContractGuard}, so they are 403s counted and emitted as {@code contract.violation} like any other.
 */
@Component
class SnapshotWriters {

    static final String MESSAGE = "inventory.pos-snapshot";
    static final Set<String> DEFAULT_WRITERS = Set.of("pos");

    private final ContractGuard guard;

    SnapshotWriters(ContractGuard guard, WriteTransactions writes, Outbox outbox, MeterRegistry meters, Clock clock) {
        Contract contract = guard.contract();
        if (!contract.writersOf(MESSAGE).isEmpty()) {
            this.guard = guard;
            return;
        }
        Map<String, Set<String>> withDefault = new LinkedHashMap<>(contract.writes());
        withDefault.put(MESSAGE, DEFAULT_WRITERS);
        this.guard = new ContractGuard(contract.withWriters(withDefault), writes, outbox, meters, clock);
    }

    /** The caller must send POS snapshots and speak for {@code location}. */
    void require(Caller caller, String location) {
        guard.requireWriter(caller, MESSAGE, location);
    }

    void require(Caller caller) {
        guard.requireWriter(caller, MESSAGE);
    }
}
