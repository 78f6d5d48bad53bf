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
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.IdempotentWrites;
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
 * Records sales and voids from stores and orders from channels, each once (API.md idempotency): the stock
 * effect goes to the ledger, the customer is linked, the back office hears {@code order.created}, and the
 * audit trail keeps voids, overrides, discounts and employee sales. Refusals found inside the write
 * (a void of an unknown sale, a short channel order) are answers, not exceptions, so a batch goes on.
 */
@Service
public class Sales {

    private static final Logger log = LoggerFactory.getLogger(Sales.class);
    static final String SCOPE = "sales.order";

    private final JdbcOrders orders;
    private final StockLedger ledger;
    private final CustomerDirectory customers;
    private final IdempotentWrites idempotent;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    public Sales(JdbcOrders orders, StockLedger ledger, CustomerDirectory customers,
                 IdempotentWrites idempotent, WriteTransactions writes, Outbox outbox, JsonMapper json, Clock clock,
                 MeterRegistry meters) {
        this.orders = orders;
        this.ledger = ledger;
        this.customers = customers;
        this.idempotent = idempotent;
        this.writes = writes;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    /** Records one sale, void or order. Returns 201 with the order, a replay, or a refusal as a problem body. */
    public WriteResult record(RecordSale sale) {
        WriteResult result = idempotent.write(SCOPE, sale.orderRef(), sale.bodyHash(), () -> effect(sale));
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
                    WriteResult result = idempotent.writeOnce(SCOPE, sale.orderRef(), sale.bodyHash(), () -> effect(sale));
                    out.add(IdempotentWrites.isConflict(result) ? problem(ErrorCode.IDEMPOTENCY_CONFLICT,
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

    private WriteResult effect(RecordSale sale) {
        return "VOID".equals(sale.type()) ? voidSale(sale) : sell(sale);
    }

    private WriteResult sell(RecordSale sale) {
        Instant now = clock.instant();
        List<StockLine> stock = stockLines(sale);
        StockEffect effect;
        String location = sale.location();
        if (sale.kind() == RecordSale.Kind.POS) {
            effect = ledger.sell("SALE:" + sale.orderRef(), sale.location(), stock, sale.occurredAt(), sale.employeeSale());
        } else {
            ChannelSaleOutcome outcome = ledger.sellFromChannel("ORDER:" + sale.orderRef(), sale.channel(), sale.reservationId(),
                    stock, sale.occurredAt());
            if (outcome instanceof ChannelSaleOutcome.Short refused) {
                return problem(ErrorCode.INSUFFICIENT_STOCK, "Not enough available to sell for order '" + sale.orderRef() + "'",
                        Map.of("shortages", refused.shortages()));
            }
            if (outcome instanceof ChannelSaleOutcome.ReservationUnusable unusable) {
                return problem(ErrorCode.STATE_CONFLICT, "Reservation '" + unusable.reservationId() + "' cannot be used: "
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
        auditSale(sale, now);

        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderRef", sale.orderRef());
        order.put("channel", sale.channel());
        order.put("store", sale.kind() == RecordSale.Kind.POS ? sale.location() : null);
        order.put("businessDay", sale.businessDay().toString());
        order.put("occurredAt", sale.occurredAt().toString());
        order.put("currency", sale.currency().getCurrencyCode());
        order.put("total", sale.total().toDecimalString());
        order.put("tax", sale.tax().toDecimalString());
        order.put("customerId", customerId);
        order.put("employeeSale", sale.employeeSale());
        order.put("lines", sale.lines().stream().map(l -> Map.of("lineNo", l.lineNo(), "sku", l.sku(), "quantity", l.quantity(),
                "unitPrice", l.unitPrice().toDecimalString(), "discount", l.discount().toDecimalString(), "tax", l.tax().toDecimalString())).toList());
        order.put("tenders", sale.tenders().stream().map(t -> {
            Map<String, Object> tender = new LinkedHashMap<>();
            tender.put("type", t.type());
            tender.put("brand", t.brand());
            tender.put("amount", t.amount().toDecimalString());
            tender.put("last4", t.last4());
            return tender;
        }).toList());
        outbox.append(new OutgoingEvent("order.created", "order|" + sale.orderRef(), location, sale.occurredAt(), order));

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

    private WriteResult voidSale(RecordSale sale) {
        Optional<JdbcOrders.Stored> original = orders.find(sale.voidOf());
        if (original.isEmpty()) {
            return problem(ErrorCode.VALIDATION, "voidOf names no transaction received: '" + sale.voidOf() + "'",
                    Map.of("errors", List.of(Map.of("field", "voidOf", "message", "names no transaction received"))));
        }
        JdbcOrders.Stored sold = original.get();
        if (!"SALE".equals(sold.type()) || !sale.location().equals(sold.location())) {
            return problem(ErrorCode.VALIDATION, "voidOf must name a sale of store " + sale.location(),
                    Map.of("errors", List.of(Map.of("field", "voidOf", "message", "must name a sale of the same store"))));
        }
        if (!sale.businessDay().equals(sold.businessDay())) {
            return problem(ErrorCode.VALIDATION, "A void reverses a transaction of the same business day (" + sold.businessDay() + ")",
                    Map.of("errors", List.of(Map.of("field", "businessDay", "message", "must be the business day of the voided sale"))));
        }
        if (sold.voidedBy() != null) {
            return problem(ErrorCode.STATE_CONFLICT, "Transaction '" + sale.voidOf() + "' was already voided by '" + sold.voidedBy() + "'",
                    Map.of("voidedBy", sold.voidedBy()));
        }
        Instant now = clock.instant();
        StockEffect effect = ledger.reverseSale("VOID:" + sale.orderRef(), "SALE:" + sale.voidOf(), sale.occurredAt());
        // the void's money is the sale's, reversed, on the same tenders
        List<RecordSale.Tender> refunds = orders.tenders(sale.voidOf(), sale.currency()).stream()
                .map(t -> new RecordSale.Tender(t.type(), t.brand(), t.amount().negate(), t.reference(), t.last4())).toList();
        RecordSale asStored = new RecordSale(sale.kind(), sale.orderRef(), "VOID", sale.location(), sale.channel(), sale.register(),
                sale.businessDay(), sale.occurredAt(), sale.currency(), false, null, null, sale.country(), List.of(), refunds,
                sale.overrides(), sale.voidOf(), null, sale.bodyHash(), sale.receivedFrom());
        orders.insert(asStored, sale.location(), -sold.totalMinor(), -sold.taxMinor(), -sold.discountMinor(), sold.customerId(), now, Map.of());
        orders.audit(sale.orderRef(), sale.location(), sale.businessDay(), "VOID", null,
                sale.overrides().stream().map(RecordSale.Override::approvedBy).findFirst().orElse(null),
                sale.overrides().stream().map(RecordSale.Override::reason).findFirst().orElse(null),
                -sold.totalMinor(), sold.currency(), now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderRef", sale.voidOf());
        data.put("voidedBy", sale.orderRef());
        data.put("store", sale.location());
        data.put("businessDay", sale.businessDay().toString());
        data.put("currency", sold.currency());
        data.put("total", new io.selvedge.shared.Money(-sold.totalMinor(), sale.currency()).toDecimalString());
        outbox.append(new OutgoingEvent("order.voided", "order|" + sale.voidOf(), sale.location(), sale.occurredAt(), data));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", sale.orderRef());
        body.put("orderRef", sale.voidOf());
        body.put("customerId", sold.customerId());
        body.put("sequence", effect.sequence());
        return WriteResult.first(201, json.writeValueAsString(body));
    }

    private void auditSale(RecordSale sale, Instant now) {
        String currency = sale.currency().getCurrencyCode();
        for (RecordSale.Override override : sale.overrides()) {
            orders.audit(sale.orderRef(), sale.location(), sale.businessDay(), "OVERRIDE_" + override.kind(), override.lineNo(),
                    override.approvedBy(), override.reason(), null, currency, now);
        }
        for (RecordSale.Line line : sale.lines()) {
            if (!line.discount().isZero()) {
                orders.audit(sale.orderRef(), sale.location(), sale.businessDay(), "DISCOUNT", line.lineNo(), null, null,
                        line.discount().minor(), currency, now);
            }
        }
        if (sale.employeeSale()) {
            orders.audit(sale.orderRef(), sale.location(), sale.businessDay(), "EMPLOYEE_SALE", null, null, null,
                    sale.total().minor(), currency, now);
        }
    }

    private static List<StockLine> stockLines(RecordSale sale) {
        Map<String, Long> bySku = new LinkedHashMap<>();
        sale.lines().forEach(l -> bySku.merge(l.sku(), l.quantity(), Long::sum));
        return bySku.entrySet().stream().map(e -> new StockLine(e.getKey(), e.getValue())).toList();
    }

    private WriteResult problem(ErrorCode code, String detail, Map<String, Object> extra) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", code.type());
        problem.put("title", code.title());
        problem.put("status", code.status());
        problem.put("detail", detail);
        problem.putAll(extra);
        return new WriteResult(code.status(), json.writeValueAsString(problem), false);
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
