package io.selvedge.sales;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.contract.Contract;
import io.selvedge.customers.CustomerDirectory;
import io.selvedge.customers.CustomerMatch;
import io.selvedge.inventory.ReturnedStock;
import io.selvedge.inventory.StockEffect;
import io.selvedge.inventory.StockLedger;
import io.selvedge.sales.domain.OriginalOrder;
import io.selvedge.sales.domain.ReturnOutcome;
import io.selvedge.sales.domain.ReturnPolicy;
import io.selvedge.sales.domain.ReturnRules;
import io.selvedge.sales.domain.TenderKey;
import io.selvedge.sales.jdbc.JdbcOrders;
import io.selvedge.sales.jdbc.JdbcReturns;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.Money;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Returns and exchanges from any channel (DESIGN, sales, returns and exchanges): finds each original line, enforces
 * what is left to return and to refund per payment ({@link ReturnRules}; DESIGN invariant 4), takes the units back into
 * the returning store's on-hand or into damaged, and tells the back office with {@code order.refunded}. A return whose
 * original has not arrived is parked ({@link ParkedTransactions}) and posted in the same write as the original; the contract's
 * {@link ReturnPolicy} decides blind returns, parking and other refund tenders.
 */
@Service
public class Returns {

    private static final Logger log = LoggerFactory.getLogger(Returns.class);

    private final JdbcOrders orders;
    private final JdbcReturns returns;
    private final ParkedTransactions parked;
    private final StockLedger ledger;
    private final CustomerDirectory customers;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;
    private final ReturnPolicy policy;

    public Returns(JdbcOrders orders, JdbcReturns returns, ParkedTransactions parked, StockLedger ledger, CustomerDirectory customers,
                   Outbox outbox, JsonMapper json, Clock clock, Contract contract, MeterRegistry meters) {
        this.parked = parked;
        this.orders = orders;
        this.returns = returns;
        this.ledger = ledger;
        this.customers = customers;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.policy = ReturnPolicy.of(contract::policy);
        Gauge.builder("selvedge.returns.unreferenced", returns, r -> safely(r::countUnreferenced))
                .description("returned lines that name no original order (blind returns)").register(meters);
    }

    public ReturnPolicy policy() {
        return policy;
    }

    // --- inside a write ---

    /** Posts a RETURN or EXCHANGE, parks it until its original arrives, or refuses it; must run inside a write. */
    WriteResult post(RecordSale sale) {
        List<RecordSale.Line> returned = sale.returnedLines();
        Set<String> refs = new LinkedHashSet<>();
        returned.stream().filter(l -> l.returnOf() != null).forEach(l -> refs.add(l.returnOf().orderRef()));
        Set<String> present = returns.lock(refs);

        // an original we do not know: a manager's RETURN_WITHOUT_RECEIPT makes the line blind, otherwise it waits
        Set<Integer> blind = new LinkedHashSet<>();
        Set<String> waiting = new LinkedHashSet<>();
        List<Map<String, String>> refused = new ArrayList<>();
        for (int i = 0; i < sale.lines().size(); i++) {
            RecordSale.Line line = sale.lines().get(i);
            if (!line.returned() || line.returnOf() == null || present.contains(line.returnOf().orderRef())) {
                continue;
            }
            if (approvedWithoutReceipt(sale, line.lineNo())) {
                blind.add(line.lineNo());
                if (!policy.blindAllowed()) {
                    refused.add(Map.of("field", "lines[" + i + "].returnOf", "message", "names no order received, and the contract does not accept "
                            + "returns without the original order (returns.blind)"));
                }
            } else if (!policy.parkUnknownOriginals()) {
                refused.add(Map.of("field", "lines[" + i + "].returnOf", "message", "names no order received: '" + line.returnOf().orderRef() + "'"));
            } else {
                waiting.add(line.returnOf().orderRef());
            }
        }
        if (!refused.isEmpty()) {
            return Answers.problem(json, ErrorCode.VALIDATION, refused.get(0).get("field") + " " + refused.get(0).get("message"),
                    Map.of("errors", refused));
        }
        if (!waiting.isEmpty()) {
            return parked.park(sale, List.copyOf(waiting));
        }

        Map<String, OriginalOrder> originals = returns.originals(present);
        List<ReturnRules.Returned> claims = new ArrayList<>();
        List<ReturnRules.Tender> tenders = new ArrayList<>();
        for (int i = 0; i < sale.lines().size(); i++) {
            RecordSale.Line line = sale.lines().get(i);
            if (line.returned()) {
                boolean referenced = line.returnOf() != null && !blind.contains(line.lineNo());
                claims.add(new ReturnRules.Returned(i, line.lineNo(), line.sku(), line.quantity(), line.total().minor(),
                        referenced ? line.returnOf().orderRef() : null, referenced ? line.returnOf().lineNo() : null));
            }
        }
        for (int i = 0; i < sale.tenders().size(); i++) {
            RecordSale.Tender t = sale.tenders().get(i);
            tenders.add(new ReturnRules.Tender(i, new TenderKey(t.type(), t.brand(), t.reference(), t.last4()), t.amount().minor()));
        }
        ReturnOutcome outcome = ReturnRules.decide(claims, originals, tenders, sale.currency().getCurrencyCode(), policy);
        if (outcome instanceof ReturnOutcome.Refused no) {
            Map<String, Object> extra = new LinkedHashMap<>(no.details());
            extra.put("errors", List.of(Map.of("field", no.field(), "message", no.message())));
            return Answers.problem(json, no.conflict() ? ErrorCode.STATE_CONFLICT : ErrorCode.VALIDATION, no.field() + " " + no.message(), extra);
        }
        return apply(sale, blind, originals, (ReturnOutcome.Accepted) outcome);
    }

    private WriteResult apply(RecordSale sale, Set<Integer> blind, Map<String, OriginalOrder> originals, ReturnOutcome.Accepted money) {
        Instant now = clock.instant();
        String store = sale.location();
        // what is stored: lines a manager took back without a receipt name no original
        List<RecordSale.Line> lines = sale.lines().stream().map(l -> blind.contains(l.lineNo())
                ? new RecordSale.Line(l.lineNo(), l.sku(), l.category(), l.quantity(), l.unitPrice(), l.discount(), l.tax(), null, true, null,
                l.condition()) : l).toList();
        RecordSale stored = new RecordSale(sale.kind(), sale.orderRef(), sale.type(), store, sale.channel(), sale.register(), sale.businessDay(),
                sale.occurredAt(), sale.currency(), sale.employeeSale(), sale.employeeId(), sale.customer(), sale.customerSourceId(),
                sale.country(), lines, sale.tenders(), sale.overrides(), null, null, sale.bodyHash(), sale.receivedFrom(), sale.customerId());

        long sequence = 0;
        List<String> oversold = List.of();
        if (!stored.soldLines().isEmpty()) {
            StockEffect sold = ledger.sell("SALE:" + sale.orderRef(), store, OrderFacts.stockLines(stored.soldLines()), sale.occurredAt(),
                    sale.employeeSale());
            sequence = sold.sequence();
            oversold = sold.oversoldSkus();
        }
        List<ReturnedStock> back = stored.returnedLines().stream().map(l -> new ReturnedStock(l.sku(), l.quantity(),
                l.condition() == RecordSale.Condition.DAMAGED,
                l.returnOf() != null && originals.get(l.returnOf().orderRef()).employeeSale())).toList();
        sequence = Math.max(sequence, ledger.takeBack("RETURN:" + sale.orderRef(), store, back, sale.occurredAt()).sequence());

        // a parked return resolved its customer when it was parked and kept only the id
        String customerId = sale.customerId() != null ? sale.customerId() : sale.customer() == null ? null
                : customers.resolve(sale.receivedFrom(), sale.customerSourceId(), sale.customer(), sale.country())
                .map(CustomerMatch::customerId).orElse(null);
        if (customerId == null) {
            customerId = originals.values().stream().map(OriginalOrder::customerId).filter(Objects::nonNull).findFirst().orElse(null);
        }
        Map<String, Long> listPrices = new LinkedHashMap<>();
        stored.soldLines().stream().filter(l -> l.listPrice() != null).forEach(l -> listPrices.put(l.sku(), l.listPrice().minor()));
        orders.insert(stored, store, stored.total().minor(), stored.tax().minor(), stored.discount().minor(), customerId, now, listPrices);
        returns.insertRefunds(sale.orderRef(), money.draws(), money.credits());
        OrderFacts.audit(orders, stored, now);
        for (RecordSale.Line line : stored.returnedLines()) {
            if (line.returnOf() == null) {
                RecordSale.Override approval = approval(sale, line.lineNo());
                String claimed = sale.lines().stream().filter(l -> l.lineNo() == line.lineNo() && l.returnOf() != null)
                        .map(l -> "receipt " + l.returnOf().orderRef() + " not found").findFirst().orElse("no receipt");
                orders.audit(sale.orderRef(), store, sale.businessDay(), "UNREFERENCED_RETURN", line.lineNo(),
                        approval == null ? null : approval.approvedBy(), approval == null || approval.reason() == null ? claimed
                                : approval.reason() + " (" + claimed + ")", line.total().minor(), sale.currency().getCurrencyCode(), now);
            }
        }

        if (!stored.soldLines().isEmpty()) {
            outbox.append(new OutgoingEvent("order.created", "order|" + sale.orderRef(), store, sale.occurredAt(),
                    OrderFacts.orderCreated(stored, stored.soldLines(), customerId)));
        }
        List<Map<String, Object>> perOriginal = new ArrayList<>();
        for (OriginalOrder original : originals.values()) {
            Map<String, Object> refunded = refunded(stored, original, money);
            outbox.append(new OutgoingEvent("order.refunded", "order|" + original.orderRef(), store, sale.occurredAt(), refunded));
            perOriginal.add(Map.of("orderRef", original.orderRef(), "refunded", refunded.get("total")));
        }
        log.info("event=return.posted transaction={} store={} originals={} unreferenced={}", sale.orderRef(), store, originals.size(),
                stored.returnedLines().stream().filter(l -> l.returnOf() == null).count());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", sale.orderRef());
        body.put("orderRef", sale.orderRef());
        body.put("customerId", customerId);
        body.put("sequence", sequence);
        body.put("returnOf", perOriginal);
        List<Integer> unreferenced = stored.returnedLines().stream().filter(l -> l.returnOf() == null).map(RecordSale.Line::lineNo).toList();
        if (!unreferenced.isEmpty()) {
            body.put("unreferenced", unreferenced);
        }
        if (!oversold.isEmpty()) {
            body.put("oversold", oversold);
        }
        return WriteResult.first(201, json.writeValueAsString(body));
    }

    /** {@code order.refunded}: the original order, its channel, the lines given back and the money, and the store that took them. */
    private Map<String, Object> refunded(RecordSale sale, OriginalOrder original, ReturnOutcome.Accepted money) {
        Money total = Money.zero(sale.currency());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (RecordSale.Line line : sale.returnedLines()) {
            if (line.returnOf() == null || !line.returnOf().orderRef().equals(original.orderRef())) {
                continue;
            }
            total = total.plus(line.total());
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("lineNo", line.returnOf().lineNo());
            l.put("sku", line.sku());
            l.put("quantity", line.quantity());
            l.put("amount", line.total().toDecimalString());
            l.put("condition", line.condition().name());
            l.put("returnLineNo", line.lineNo());
            lines.add(l);
        }
        List<Map<String, Object>> refunds = new ArrayList<>();
        for (ReturnOutcome.Draw draw : money.draws()) {
            if (!draw.orderRef().equals(original.orderRef())) {
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("paidWith", draw.key().type());
            r.put("brand", draw.key().brand());
            r.put("last4", draw.key().last4());
            r.put("amount", new Money(draw.amountMinor(), sale.currency()).toDecimalString());
            r.put("refundedAs", draw.tenderIndex() != null ? sale.tenders().get(draw.tenderIndex()).type()
                    : "EXCHANGE".equals(sale.type()) && money.credits().stream().anyMatch(c -> c.key().equals(draw.key())) ? "EXCHANGE"
                    : "OTHER_TENDER");
            refunds.add(r);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderRef", original.orderRef());
        data.put("channel", original.channel());
        data.put("originalStore", "POS".equals(original.kind()) ? original.location() : null);
        data.put("store", sale.location());
        data.put("transactionId", sale.orderRef());
        data.put("type", sale.type());
        data.put("businessDay", sale.businessDay().toString());
        data.put("occurredAt", sale.occurredAt().toString());
        data.put("currency", sale.currency().getCurrencyCode());
        data.put("total", total.toDecimalString());
        data.put("lines", lines);
        data.put("refunds", refunds);
        return data;
    }

    private static boolean approvedWithoutReceipt(RecordSale sale, int lineNo) {
        return approval(sale, lineNo) != null;
    }

    private static RecordSale.Override approval(RecordSale sale, int lineNo) {
        return sale.overrides().stream().filter(o -> "RETURN_WITHOUT_RECEIPT".equals(o.kind()) && (o.lineNo() == null || o.lineNo() == lineNo))
                .findFirst().orElse(null);
    }

    // --- reads, for the web layer and monitoring ---

    public List<Map<String, Object>> unreferenced(String store, LocalDate businessDay) {
        return returns.unreferenced(store, businessDay, 1000).stream().map(u -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("transactionId", u.transactionId());
            row.put("store", u.store());
            row.put("businessDay", u.businessDay().toString());
            row.put("occurredAt", u.occurredAt().toString());
            row.put("lineNo", u.lineNo());
            row.put("sku", u.sku());
            row.put("quantity", u.quantity());
            row.put("amount", new Money(u.amountMinor(), Currency.getInstance(u.currency())).toDecimalString());
            row.put("currency", u.currency());
            row.put("condition", u.condition());
            return row;
        }).toList();
    }

    /** What is left to return of each sold line of an order, and to refund on each of its payments; empty if unknown. */
    public Optional<Map<String, Object>> returnable(String orderRef) {
        OriginalOrder order = returns.originals(List.of(orderRef)).get(orderRef);
        if (order == null) {
            return Optional.empty();
        }
        Currency currency = Currency.getInstance(order.currency());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderRef", order.orderRef());
        body.put("type", order.type());
        body.put("channel", order.channel());
        body.put("voided", order.voided());
        body.put("currency", order.currency());
        body.put("lines", order.lines().values().stream().filter(l -> !l.returnLine())
                .sorted(Comparator.comparingInt(OriginalOrder.Line::lineNo)).map(l -> {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("lineNo", l.lineNo());
                    line.put("sku", l.sku());
                    line.put("sold", l.quantity());
                    line.put("returned", l.returnedQuantity());
                    line.put("returnable", order.voided() || !order.returnable() ? 0 : l.quantity() - l.returnedQuantity());
                    line.put("paid", new Money(l.totalMinor(), currency).toDecimalString());
                    line.put("refunded", new Money(l.returnedMinor(), currency).toDecimalString());
                    return line;
                }).toList());
        body.put("payments", order.capacities().stream().map(c -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", c.key().type());
            p.put("brand", c.key().brand());
            p.put("last4", c.key().last4());
            p.put("refundable", new Money(c.remainingMinor(), currency).toDecimalString());
            return p;
        }).toList());
        return Optional.of(body);
    }

    private static double safely(LongSupplier count) {
        try {
            return count.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
