package io.selvedge.contract;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the contract on every write (DESIGN invariant 6): a write by a system that does not own
 * the field, may not send the message, or does not speak for the location is refused with 403 naming
 * what it tried, counted, and emitted as {@code contract.violation}. Never silently applied.
 */
public class ContractGuard {

    private static final Logger log = LoggerFactory.getLogger(ContractGuard.class);

    private final Contract contract;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    public ContractGuard(Contract contract, WriteTransactions writes, Outbox outbox, MeterRegistry meters, Clock clock) {
        this.contract = contract;
        this.writes = writes;
        this.outbox = outbox;
        this.meters = meters;
        this.clock = clock;
    }

    public Contract contract() {
        return contract;
    }

    /** The caller must own {@code field} (e.g. {@code price.amount}). */
    public void requireOwner(Caller caller, String field) {
        String owner = contract.ownerOf(field);
        if (!owner.equals(caller.name())) {
            refuse(caller, field, "field", "system '" + caller.name() + "' may not write " + field
                    + ": the contract gives it to '" + owner + "'");
        }
    }

    /** The caller must be a writer of {@code message} (e.g. {@code inventory.receipt}). */
    public void requireWriter(Caller caller, String message) {
        var writers = contract.writersOf(message);
        if (!writers.contains(caller.name())) {
            refuse(caller, message, "flow", "system '" + caller.name() + "' may not send " + message
                    + (writers.isEmpty() ? "" : ": the contract lets only " + new TreeSet<>(writers) + " send it"));
        }
    }

    /** The caller must be a writer of {@code message} and speak for {@code location}. */
    public void requireWriter(Caller caller, String message, String location) {
        requireWriter(caller, message);
        if (!caller.system().actsFor(location)) {
            refuse(caller, message, "location", "system '" + caller.name() + "' does not speak for location '" + location + "'");
        }
    }

    /** The caller must be a writer of {@code message} and sell through {@code channel}. */
    public void requireChannel(Caller caller, String message, String channel) {
        requireWriter(caller, message);
        if (!caller.system().sellsThrough(channel)) {
            refuse(caller, message, "channel", "system '" + caller.name() + "' does not sell through channel '" + channel + "'");
        }
    }

    private void refuse(Caller caller, String what, String kind, String detail) {
        meters.counter("selvedge.contract.violations", "system", caller.name(), "kind", kind).increment();
        log.warn("event=contract.violation system={} {}={}", caller.name(), kind, what);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("system", caller.name());
        data.put(kind, what);
        data.put("detail", detail);
        writes.write(() -> {
            outbox.append(new OutgoingEvent("contract.violation", "contract|" + caller.name(), null, clock.instant(), data));
            return null;
        });
        throw new ProblemException(ErrorCode.NOT_OWNER, detail, java.util.List.of(), Map.of(kind, what));
    }
}
