package io.selvedge.sales;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.selvedge.customers.CustomerDirectory;
import io.selvedge.customers.CustomerLookahead;
import io.selvedge.customers.CustomerMatch;
import io.selvedge.inventory.ChannelSaleOutcome;
import io.selvedge.inventory.StockEffect;
import io.selvedge.inventory.StockLedger;
import io.selvedge.inventory.StockLine;
import io.selvedge.sales.jdbc.JdbcOrders;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.IdempotentWrites;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.ParkedWork;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.ServerTiming;
import io.selvedge.shared.WriteResult;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records store transactions (sales, returns, exchanges, voids) and channel orders, each once (API.md idempotency):
 * the stock effect goes to the ledger, the customer is linked, the back office hears {@code order.created}, and the
 * audit trail keeps voids, overrides, discounts and employee sales. Returns and exchanges go through {@link Returns},
 * voids through {@link Voids}. A return or void that arrives before its original is parked ({@link ParkedTransactions})
 * and posted once, in the write that records the original: whichever way that comes in (POS JSON, batch, POSLog,
 * Kafka), it is recorded here. Refusals found inside the write (a short channel order, a return beyond what was
 * sold) are answers, not exceptions, so a batch goes on.
 */
@Service
public class Sales {

    private static final Logger log = LoggerFactory.getLogger(Sales.class);
    static final String SCOPE = "sales.order";

    private final JdbcOrders orders;
    private final Returns returns;
    private final Voids voids;
    private final ParkedTransactions parked;
    private final StockLedger ledger;
    private final CustomerDirectory customers;
    private final IdempotentWrites idempotent;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    Sales(JdbcOrders orders, Returns returns, Voids voids, ParkedTransactions parked, StockLedger ledger, CustomerDirectory customers,
          IdempotentWrites idempotent, WriteTransactions writes, Outbox outbox, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.orders = orders;
        this.returns = returns;
        this.voids = voids;
        this.parked = parked;
        this.ledger = ledger;
        this.customers = customers;
        this.idempotent = idempotent;
        this.writes = writes;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Records one transaction or order. Returns 201 with the order, 202 when a return or void waits for its original, a
     * replay, or a refusal as a problem body.
     */
    public WriteResult record(RecordSale sale) {
        CustomerLookahead ahead = sale.customer() == null || !sale.sells() ? null
                : customers.lookahead(sale.receivedFrom(), sale.customerSourceId(), sale.customer(), sale.country());
        if (ahead != null) {
            ahead.start(); // the customer is looked up beside the write, off its serial path
        }
        WriteResult result = writes.write(() -> recordOnce(sale, ahead));
        long lookedAhead = ahead == null ? 0 : ahead.elapsedNanos();
        if (lookedAhead > 0) {
            ServerTiming.add("lookahead", lookedAhead);
        }
        if (IdempotentWrites.isConflict(result)) {
            throw new ProblemException(ErrorCode.IDEMPOTENCY_CONFLICT, SCOPE + " '" + sale.orderRef() + "' was already received with a different body");
        }
        observe(sale, result);
        return result;
    }

    /**
     * An offline POS's backlog, in order, in one transaction: each item is a sale to record, or the problem
     * its validation already found. One result per item; each idempotent as if posted alone.
     */
    public List<WriteResult> recordBatch(List<Object> items, Function<RuntimeException, WriteResult> refusal) {
        List<WriteResult> results = writes.write(() -> {
            List<WriteResult> out = new ArrayList<>(items.size());
            for (Object item : items) {
                if (item instanceof RecordSale sale) {
                    WriteResult result = recordOnce(sale, null);
                    out.add(IdempotentWrites.isConflict(result) ? Answers.problem(json, ErrorCode.IDEMPOTENCY_CONFLICT,
                            "transaction '" + sale.orderRef() + "' was already received with a different body", Map.of()) : result);
                } else {
                    out.add(refusal.apply((RuntimeException) item));
                }
            }
            return out;
        });
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof RecordSale sale) {
                observe(sale, results.get(i));
            }
        }
        return results;
    }

    private WriteResult recordOnce(RecordSale sale, CustomerLookahead ahead) {
        if (!sale.sells()) {
            // a parked transaction answers from its parking place: 202 while it waits, its posting's answer after
            Optional<WriteResult> answer = parked.answer(sale);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        WriteResult result = idempotent.writeOnce(SCOPE, sale.orderRef(), sale.bodyHash(), () -> effect(sale, ahead));
        if (result.status() == 201 && !result.replay()) {
            // returns and voids that arrived before this transaction are posted now, in the same write
            applyWaiting(sale.orderRef(), false);
        }
        return result;
    }

    private WriteResult effect(RecordSale sale, CustomerLookahead ahead) {
        return switch (sale.type()) {
            case "VOID" -> voids.post(sale);
            case "RETURN", "EXCHANGE" -> returns.post(sale);
            default -> sell(sale, ahead);
        };
    }

    /**
     * Posts the parked transactions waiting for {@code orderRef} that now have all they need (or, {@code refused}: that
     * learn it will never come), each once; what one posts may itself be awaited, so it goes on from there.
     */
    private void applyWaiting(String orderRef, boolean refused) {
        for (ParkedWork.Key key : parked.waitingFor(orderRef)) {
            if (refused || parked.complete(key)) {
                applyParked(key);
            }
        }
    }

    private void applyParked(ParkedWork.Key key) {
        Optional<RecordSale> sale = parked.take(key);
        if (sale.isEmpty()) {
            return;
        }
        WriteResult result = effect(sale.get(), null);
        if (result.status() == 202) {
            return; // waits for another original still
        }
        parked.resolve(key, result);
        applyWaiting(key.id(), result.status() >= 300);
    }

    /** The janitor's work, in a write: parked transactions whose originals all arrived (recorded by another hub instance meanwhile). */
    int applyReady(int limit) {
        List<ParkedWork.Key> ready = parked.ready(limit);
        ready.forEach(this::applyParked);
        return ready.size();
    }

    boolean anyReady() {
        return !parked.ready(1).isEmpty();
    }

    private WriteResult sell(RecordSale sale, CustomerLookahead ahead) {
        Instant now = clock.instant();
        List<StockLine> stock = OrderFacts.stockLines(sale.lines());
        StockEffect effect;
        String location = sale.location();
        if (sale.kind() == RecordSale.Kind.POS) {
            effect = ServerTiming.timed("stock", () -> ledger.sell("SALE:" + sale.orderRef(), sale.location(), stock, sale.occurredAt(),
                    sale.employeeSale()));
        } else {
            ChannelSaleOutcome outcome = ServerTiming.timed("stock", () -> ledger.sellFromChannel("ORDER:" + sale.orderRef(), sale.channel(),
                    sale.reservationId(), stock, sale.occurredAt()));
            if (outcome instanceof ChannelSaleOutcome.Short refused) {
                return Answers.problem(json, ErrorCode.INSUFFICIENT_STOCK, "Not enough available to sell for order '" + sale.orderRef() + "'",
                        Map.of("shortages", refused.shortages()));
            }
            if (outcome instanceof ChannelSaleOutcome.ReservationUnusable unusable) {
                return Answers.problem(json, ErrorCode.STATE_CONFLICT, "Reservation '" + unusable.reservationId() + "' cannot be used: "
                        + unusable.reason(), Map.of("reservationId", unusable.reservationId()));
            }
            effect = ((ChannelSaleOutcome.Sold) outcome).effect();
        }
        String customerId = sale.customer() == null ? null : ServerTiming.timed("customer", () -> customers.resolve(sale.receivedFrom(),
                sale.customerSourceId(), sale.customer(), sale.country(), ahead).map(CustomerMatch::customerId).orElse(null));
        Map<String, Long> listPrices = new LinkedHashMap<>();
        sale.lines().stream().filter(l -> l.listPrice() != null).forEach(l -> listPrices.put(l.sku(), l.listPrice().minor()));
        long recording = System.nanoTime();
        orders.insert(sale, location, sale.total().minor(), sale.tax().minor(), sale.discount().minor(), customerId, now, listPrices);
        OrderFacts.audit(orders, sale, now);
        outbox.append(new OutgoingEvent("order.created", "order|" + sale.orderRef(), location, sale.occurredAt(),
                OrderFacts.orderCreated(sale, sale.lines(), customerId)));
        ServerTiming.add("order", System.nanoTime() - recording);
        Map<String, Object> body = new LinkedHashMap<>();
        if (sale.kind() == RecordSale.Kind.POS) {
            body.put("transactionId", sale.orderRef());
        }
        body.put("orderRef", sale.orderRef());
        body.put("customerId", customerId);
        body.put("sequence", effect.sequence());
        if (!effect.oversoldSkus().isEmpty()) {
            body.put("oversold", effect.oversoldSkus());
        }
        return WriteResult.first(201, json.writeValueAsString(body));
    }

    /** Flow metrics for monitoring: received, errors by reason, lag from the event's own time to commit. */
    private void observe(RecordSale sale, WriteResult result) {
        String system = sale.receivedFrom();
        meters.counter("selvedge.flow.received", "flow", "sales", "system", system).increment();
        if (result.status() >= 400) {
            meters.counter("selvedge.flow.errors", "flow", "sales", "system", system, "reason", "status-" + result.status()).increment();
            log.info("event=sale.refused order={} status={}", sale.orderRef(), result.status());
            return;
        }
        if (!result.replay()) {
            Duration lag = Duration.between(sale.occurredAt(), clock.instant());
            Timer.builder("selvedge.flow.lag").tags("flow", "sales", "system", system).publishPercentiles(0.5, 0.99)
                    .register(meters).record(lag.isNegative() ? Duration.ZERO : lag);
        }
    }
}
