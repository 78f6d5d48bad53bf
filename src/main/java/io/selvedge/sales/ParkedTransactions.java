package io.selvedge.sales;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.contract.Contract;
import io.selvedge.customers.CustomerDirectory;
import io.selvedge.customers.CustomerMatch;
import io.selvedge.sales.domain.ReturnPolicy;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.ParkedWork;
import io.selvedge.shared.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Store transactions that arrived before the transaction they need (out-of-order delivery; DESIGN, sales): a
 * {@code RETURN} or exchange waiting for its original orders, a {@code VOID} waiting for the transaction it voids.
 * Each is parked in {@link ParkedWork} with a 202 answer and posted once, in the write that records what it waited
 * for ({@link Sales}). A parked command keeps the customer id its details resolved to, never the details themselves,
 * so erasing the customer leaves nothing personal behind here. Parked work older than the contract's
 * {@code returns.parkWindow} is overdue on monitoring: its original may never come.
 */
@Service
public class ParkedTransactions {

    private static final Logger log = LoggerFactory.getLogger(ParkedTransactions.class);
    public static final String RETURN = "RETURN";
    public static final String VOID = "VOID";
    public static final List<String> KINDS = List.of(RETURN, VOID);
    static final String PENDING_ORIGINAL = "PENDING_ORIGINAL";
    /** A parked transaction's original has arrived when it is an order (SQL over {@code w.wait_for}, for {@link ParkedWork}). */
    private static final String ARRIVED = "EXISTS (SELECT 1 FROM sales_order o WHERE o.order_ref = w.wait_for)";

    private final ParkedWork parking;
    private final CustomerDirectory customers;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration window;

    public ParkedTransactions(ParkedWork parking, CustomerDirectory customers, JsonMapper json, Clock clock, Contract contract,
                              MeterRegistry meters) {
        this.parking = parking;
        this.customers = customers;
        this.json = json;
        this.clock = clock;
        this.window = ReturnPolicy.of(contract::policy).parkWindow();
        // read on scrape, so monitoring sees parked work that outlived the contract's window
        for (String kind : KINDS) {
            String name = kind.equals(RETURN) ? "returns" : "voids";
            List<String> kinds = List.of(kind);
            Gauge.builder("selvedge." + name + ".parked", parking, p -> safely(() -> p.count(kinds, ParkedWork.PARKED, null)))
                    .description(name + " waiting for their original transaction").register(meters);
            Gauge.builder("selvedge." + name + ".parked.overdue", parking,
                            p -> safely(() -> p.count(kinds, ParkedWork.PARKED, clock.instant().minus(window))))
                    .description(name + " still waiting for their original after the contract's returns.parkWindow").register(meters);
            Gauge.builder("selvedge." + name + ".parked.refused", parking, p -> safely(() -> p.count(kinds, ParkedWork.REFUSED, null)))
                    .description("parked " + name + " refused when their original arrived").register(meters);
        }
    }

    // --- inside a write ---

    /** The answer for a transaction parked under this id: still parked (202), posted since, or refused since. */
    Optional<WriteResult> answer(RecordSale sale) {
        return parking.find(KINDS, sale.orderRef()).map(parked -> {
            if (!parked.bodyHash().equals(sale.bodyHash())) {
                return Answers.problem(json, ErrorCode.IDEMPOTENCY_CONFLICT, "transaction '" + sale.orderRef()
                        + "' was already received with a different body", Map.of());
            }
            return switch (parked.status()) {
                case ParkedWork.PARKED -> new WriteResult(202, parked.response(), true);
                case ParkedWork.APPLIED -> WriteResult.replayOf(parked.response());
                default -> new WriteResult(parked.responseStatus(), parked.response(), false);
            };
        });
    }

    /**
     * Parks {@code sale} until every one of {@code waitingFor} is recorded, and answers 202. The customer is resolved
     * now (linked as a posted sale's would be) and only its id is kept. Parking what is parked already answers the same.
     */
    WriteResult park(RecordSale sale, List<String> waitingFor) {
        String kind = sale.takesBack() ? RETURN : VOID;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", sale.orderRef());
        body.put("status", PENDING_ORIGINAL);
        body.put("waitingFor", waitingFor);
        body.put("detail", "Parked until " + String.join(", ", waitingFor) + " arrives; it is posted then, in the same write");
        String response = json.writeValueAsString(body);
        if (parking.find(KINDS, sale.orderRef()).isPresent()) {
            return WriteResult.first(202, response);
        }
        String customerId = sale.customerId();
        if (customerId == null && sale.customer() != null && kind.equals(RETURN)) {
            customerId = customers.resolve(sale.receivedFrom(), sale.customerSourceId(), sale.customer(), sale.country())
                    .map(CustomerMatch::customerId).orElse(null);
        }
        RecordSale parked = sale.withCustomerResolved(customerId);
        parking.park(new ParkedWork.Key(kind, sale.orderRef()), sale.location(), sale.businessDay(), sale.bodyHash(),
                json.writeValueAsString(parked), waitingFor, response, clock.instant());
        log.info("event=transaction.parked kind={} transaction={} waitingFor={}", kind, sale.orderRef(), String.join(",", waitingFor));
        return WriteResult.first(202, response);
    }

    /** Whether the transaction {@code orderRef} was parked and then refused: it will never be recorded. */
    boolean refused(String orderRef) {
        return parking.find(KINDS, orderRef).filter(p -> p.status().equals(ParkedWork.REFUSED)).isPresent();
    }

    /** Parked work waiting (among others perhaps) for {@code orderRef}. */
    List<ParkedWork.Key> waitingFor(String orderRef) {
        return parking.waitingFor(KINDS, orderRef);
    }

    boolean complete(ParkedWork.Key key) {
        return parking.missing(key, ARRIVED).isEmpty();
    }

    List<ParkedWork.Key> ready(int limit) {
        return parking.ready(KINDS, ARRIVED, limit);
    }

    /** Locks the parked transaction and reads it back, or empty when it no longer waits (another instance posted it). */
    Optional<RecordSale> take(ParkedWork.Key key) {
        if (!parking.lock(key)) {
            return Optional.empty();
        }
        return Optional.of(json.readerFor(RecordSale.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(parking.command(key)));
    }

    /** A batch of {@link #scrubCustomerDetails}: the last parked return looked at (null when none was left) and how many were rewritten. */
    record Scrubbed(String lastId, int rewritten) {
    }

    /**
     * Returns parked before the customer was resolved at parking (V202611290100 moved them here as they had been
     * sent) still hold the customer's email, phone and names. Resolves each to its customer id, as parking does now,
     * and keeps the id only, so erasure reaches it and no personal data waits here. Runs in the caller's write.
     */
    Scrubbed scrubCustomerDetails(String afterId, int limit) {
        // Only commands still holding a customer object: a start-up pass then reads nothing when nothing is left.
        List<ParkedWork.Key> keys = parking.parkedContaining(RETURN, "\"customer\":{", afterId, limit);
        int rewritten = 0;
        for (ParkedWork.Key key : keys) {
            Optional<RecordSale> sale = take(key);
            if (sale.isEmpty() || sale.get().customer() == null && sale.get().customerSourceId() == null) {
                continue;
            }
            RecordSale s = sale.get();
            String customerId = s.customerId() != null ? s.customerId()
                    : customers.resolve(s.receivedFrom(), s.customerSourceId(), s.customer(), s.country())
                            .map(CustomerMatch::customerId).orElse(null);
            parking.rewrite(key, json.writeValueAsString(s.withCustomerResolved(customerId)));
            rewritten++;
        }
        return new Scrubbed(keys.size() < limit ? null : keys.get(keys.size() - 1).id(), rewritten);
    }

    void resolve(ParkedWork.Key key, WriteResult result) {
        parking.resolve(key, result.status() < 300 ? ParkedWork.APPLIED : ParkedWork.REFUSED, result.status(), result.json(), clock.instant());
        log.info("event=transaction.unparked kind={} transaction={} status={}", key.kind(), key.id(), result.status());
    }

    // --- reads, for the web layer and monitoring ---

    /**
     * Parked transactions of {@code kind} (RETURN or VOID; both when null) by status (PARKED, APPLIED or REFUSED;
     * PARKED when null), oldest first, each marked overdue after the window.
     */
    public List<Map<String, Object>> list(String kind, String status, String store, boolean overdueOnly) {
        Instant now = clock.instant();
        Instant due = now.minus(window);
        List<String> kinds = kind == null ? KINDS : List.of(kind);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ParkedWork.Parked p : parking.list(kinds, status == null ? ParkedWork.PARKED : status, store, overdueOnly ? due : null, 1000)) {
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("kind", p.kind());
            about.put("store", p.location());
            about.put("businessDay", p.businessDay().toString());
            about.put("waitingFor", p.waitingFor());
            Map<String, Object> row = p.listed("transactionId", about, PENDING_ORIGINAL, now, due, json);
            out.add(row);
        }
        return out;
    }

    private static double safely(LongSupplier count) {
        try {
            return count.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
