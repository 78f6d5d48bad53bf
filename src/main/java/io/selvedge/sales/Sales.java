package io.selvedge.sales;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.selvedge.customers.CustomerDirectory;
import io.selvedge.customers.CustomerMatch;
import io.selvedge.inventory.ChannelSaleOutcome;
import io.selvedge.inventory.StockEffect;
import io.selvedge.inventory.StockLedger;
import io.selvedge.inventory.StockLine;
import io.selvedge.sales.jdbc.JdbcOrders;
import io.selvedge.sales.jdbc.JdbcReturns;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.IdempotentWrites;
import io.selvedge.shared.Money;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
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
 * audit trail keeps voids, overrides, discounts and employee sales. Returns and exchanges go through {@link Returns}.
 * Refusals found inside the write (a void of an unknown sale, a short channel order, a return beyond what was sold)
 * are answers, not exceptions, so a batch goes on.
 */
@Service
public class Sales {

    private static final Logger log = LoggerFactory.getLogger(Sales.class);
    static final String SCOPE = "sales.order";

    private final JdbcOrders orders;
    private final JdbcReturns returned;
    private final Returns returns;
    private final StockLedger ledger;
    private final CustomerDirectory customers;
    private final IdempotentWrites idempotent;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    public Sales(JdbcOrders orders, JdbcReturns returned, Returns returns, StockLedger ledger, CustomerDirectory customers,
                 IdempotentWrites idempotent, WriteTransactions writes, Outbox outbox, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.orders = orders;
        this.returned = returned;
        this.returns = returns;
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
     * Records one transaction or order. Returns 201 with the order, 202 when a return waits for its original, a
     * replay, or a refusal as a problem body.
     */
    public WriteResult record(RecordSale sale) {
        WriteResult result = writes.write(() -> recordOnce(sale));
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
                    WriteResult result = recordOnce(sale);
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

    private WriteResult recordOnce(RecordSale sale) {
        if (sale.takesBack()) {
            // a parked return answers from its parking place: 202 while it waits, its posting's answer after
            Optional<WriteResult> parked = returns.parkedAnswer(sale);
            if (parked.isPresent()) {
                return parked.get();
            }
        }
        return idempotent.writeOnce(SCOPE, sale.orderRef(), sale.bodyHash(), () -> effect(sale));
    }

    private WriteResult effect(RecordSale sale) {
        return switch (sale.type()) {
            case "VOID" -> voidTransaction(sale);
            case "RETURN", "EXCHANGE" -> returns.post(sale);
            default -> sell(sale);
        };
    }

    private WriteResult sell(RecordSale sale) {
        Instant now = clock.instant();
        List<StockLine> stock = OrderFacts.stockLines(sale.lines());
        StockEffect effect;
        String location = sale.location();
        if (sale.kind() == RecordSale.Kind.POS) {
            effect = ledger.sell("SALE:" + sale.orderRef(), sale.location(), stock, sale.occurredAt(), sale.employeeSale());
        } else {
            ChannelSaleOutcome outcome = ledger.sellFromChannel("ORDER:" + sale.orderRef(), sale.channel(), sale.reservationId(),
                    stock, sale.occurredAt());
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
        String customerId = sale.customer() == null ? null
                : customers.resolve(sale.receivedFrom(), sale.customerSourceId(),
                        sale.customer(), sale.country()).map(CustomerMatch::customerId).orElse(null);
        Map<String, Long> listPrices = new LinkedHashMap<>();
        sale.lines().stream().filter(l -> l.listPrice() != null).forEach(l -> listPrices.put(l.sku(), l.listPrice().minor()));
        orders.insert(sale, location, sale.total().minor(), sale.tax().minor(), sale.discount().minor(), customerId, now, listPrices);
        OrderFacts.audit(orders, sale, now);
        outbox.append(new OutgoingEvent("order.created", "order|" + sale.orderRef(), location, sale.occurredAt(),
                OrderFacts.orderCreated(sale, sale.lines(), customerId)));
        // returns that arrived before this sale are posted now, in the same write
        returns.applyParked(sale.orderRef());

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

    /** Reverses a sale, return or exchange of the same store and business day, stock and money, once. */
    private WriteResult voidTransaction(RecordSale sale) {
        // the voided row is locked first: a void and a return of the same sale never both pass, across instances too
        returned.lock(List.of(sale.voidOf()));
        Optional<JdbcOrders.Stored> original = orders.find(sale.voidOf());
        if (original.isEmpty()) {
            if (returned.parked(sale.voidOf()).filter(p -> p.status().equals("PARKED")).isPresent()) {
                return Answers.problem(json, ErrorCode.STATE_CONFLICT, "Transaction '" + sale.voidOf()
                        + "' is parked until its original order arrives; it can be voided once posted", Map.of());
            }
            return Answers.problem(json, ErrorCode.VALIDATION, "voidOf names no transaction received: '" + sale.voidOf() + "'",
                    Map.of("errors", List.of(Map.of("field", "voidOf", "message", "names no transaction received"))));
        }
        JdbcOrders.Stored voided = original.get();
        if (!List.of("SALE", "RETURN", "EXCHANGE").contains(voided.type()) || !sale.location().equals(voided.location())) {
            return Answers.problem(json, ErrorCode.VALIDATION, "voidOf must name a sale, return or exchange of store " + sale.location(),
                    Map.of("errors", List.of(Map.of("field", "voidOf", "message", "must name a sale, return or exchange of the same store"))));
        }
        if (!sale.businessDay().equals(voided.businessDay())) {
            return Answers.problem(json, ErrorCode.VALIDATION, "A void reverses a transaction of the same business day (" + voided.businessDay() + ")",
                    Map.of("errors", List.of(Map.of("field", "businessDay", "message", "must be the business day of the voided transaction"))));
        }
        if (voided.voidedBy() != null) {
            return Answers.problem(json, ErrorCode.STATE_CONFLICT, "Transaction '" + sale.voidOf() + "' was already voided by '" + voided.voidedBy() + "'",
                    Map.of("voidedBy", voided.voidedBy()));
        }
        if (!voided.type().equals("RETURN") && returned.hasReturns(sale.voidOf())) {
            // its money went back already: voiding it too would refund twice (DESIGN invariant 4)
            return Answers.problem(json, ErrorCode.STATE_CONFLICT, "Transaction '" + sale.voidOf()
                    + "' has returns against it; void those first, or return what is left", Map.of());
        }
        Instant now = clock.instant();
        long sequence = 0;
        if (!voided.type().equals("RETURN")) {
            sequence = ledger.reverseSale("VOID:" + sale.orderRef(), "SALE:" + sale.voidOf(), sale.occurredAt()).sequence();
        }
        if (!voided.type().equals("SALE")) {
            sequence = Math.max(sequence, ledger.reverseTakeBack("VOID-RETURN:" + sale.orderRef(), "RETURN:" + sale.voidOf(), sale.occurredAt())
                    .sequence());
        }
        // the void's money is the voided transaction's, reversed, on the same tenders
        List<RecordSale.Tender> reversed = orders.tenders(sale.voidOf(), sale.currency()).stream()
                .map(t -> new RecordSale.Tender(t.type(), t.brand(), t.amount().negate(), t.reference(), t.last4())).toList();
        RecordSale asStored = new RecordSale(sale.kind(), sale.orderRef(), "VOID", sale.location(), sale.channel(), sale.register(),
                sale.businessDay(), sale.occurredAt(), sale.currency(), false, sale.employeeId(), null, null, sale.country(), List.of(), reversed,
                sale.overrides(), sale.voidOf(), null, sale.bodyHash(), sale.receivedFrom());
        orders.insert(asStored, sale.location(), -voided.totalMinor(), -voided.taxMinor(), -voided.discountMinor(), voided.customerId(), now,
                Map.of());
        orders.audit(sale.orderRef(), sale.location(), sale.businessDay(), "VOID", null,
                sale.overrides().stream().map(RecordSale.Override::approvedBy).findFirst().orElse(null),
                sale.overrides().stream().map(RecordSale.Override::reason).findFirst().orElse(null),
                -voided.totalMinor(), voided.currency(), sale.employeeId(), now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderRef", sale.voidOf());
        data.put("voidedBy", sale.orderRef());
        data.put("type", voided.type());
        data.put("store", sale.location());
        data.put("businessDay", sale.businessDay().toString());
        data.put("currency", voided.currency());
        data.put("total", new Money(-voided.totalMinor(), sale.currency()).toDecimalString());
        outbox.append(new OutgoingEvent("order.voided", "order|" + sale.voidOf(), sale.location(), sale.occurredAt(), data));
        log.info("event=sale.voided transaction={} voided={} type={}", sale.orderRef(), sale.voidOf(), voided.type());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", sale.orderRef());
        body.put("orderRef", sale.voidOf());
        body.put("customerId", voided.customerId());
        body.put("sequence", sequence);
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
