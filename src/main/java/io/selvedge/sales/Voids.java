package io.selvedge.sales;

import io.selvedge.inventory.StockLedger;
import io.selvedge.sales.jdbc.JdbcOrders;
import io.selvedge.sales.jdbc.JdbcReturns;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.Money;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Voids: a POS transaction naming another of the same store and business day ({@code voidOf}) that it reverses
 * whole, stock and money, kept in the audit trail and told as {@code order.voided}. A void that arrives before the
 * transaction it voids is parked ({@link ParkedTransactions}) and posted in that transaction's own write.
 */
@Service
class Voids {

    private static final Logger log = LoggerFactory.getLogger(Voids.class);

    private final JdbcOrders orders;
    private final JdbcReturns returned;
    private final ParkedTransactions parked;
    private final StockLedger ledger;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    Voids(JdbcOrders orders, JdbcReturns returned, ParkedTransactions parked, StockLedger ledger, Outbox outbox, JsonMapper json, Clock clock) {
        this.orders = orders;
        this.returned = returned;
        this.parked = parked;
        this.ledger = ledger;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Reverses a sale, return or exchange of the same store and business day, stock and money, once; parks the void
     * (202) while the transaction it names has not arrived. Must run inside a write.
     */
    WriteResult post(RecordSale sale) {
        // the voided row is locked first: a void and a return of the same sale never both pass, across instances too
        returned.lock(List.of(sale.voidOf()));
        Optional<JdbcOrders.Stored> original = orders.find(sale.voidOf());
        if (original.isEmpty()) {
            if (parked.refused(sale.voidOf())) {
                // it was parked itself and refused when its own original came: it will never be recorded
                return Answers.problem(json, ErrorCode.VALIDATION, "voidOf names a transaction that was refused: '" + sale.voidOf() + "'",
                        Map.of("errors", List.of(Map.of("field", "voidOf", "message", "names a transaction that was refused"))));
            }
            // out-of-order delivery: the void reached the hub before what it voids (or that is a parked return still)
            return parked.park(sale, List.of(sale.voidOf()));
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
                sale.overrides(), sale.voidOf(), null, sale.bodyHash(), sale.receivedFrom(), null);
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
}
