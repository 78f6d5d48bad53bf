package io.selvedge.sales;

import io.selvedge.inventory.StockLine;
import io.selvedge.sales.jdbc.JdbcOrders;
import io.selvedge.shared.Money;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every recorded transaction states the same way: its stock lines, its audit rows, its {@code order.created} event. */
final class OrderFacts {

    private OrderFacts() {
    }

    /** Units per SKU of the lines, for the ledger. */
    static List<StockLine> stockLines(List<RecordSale.Line> lines) {
        Map<String, Long> bySku = new LinkedHashMap<>();
        lines.forEach(l -> bySku.merge(l.sku(), l.quantity(), Long::sum));
        return bySku.entrySet().stream().map(e -> new StockLine(e.getKey(), e.getValue())).toList();
    }

    /** Manager overrides, discounts on sold lines and employee sales (with the employee's id), for the audit trail. */
    static void audit(JdbcOrders orders, RecordSale sale, Instant now) {
        String currency = sale.currency().getCurrencyCode();
        for (RecordSale.Override override : sale.overrides()) {
            orders.audit(sale.orderRef(), sale.location(), sale.businessDay(), "OVERRIDE_" + override.kind(), override.lineNo(),
                    override.approvedBy(), override.reason(), null, currency, sale.employeeId(), now);
        }
        for (RecordSale.Line line : sale.soldLines()) {
            if (!line.discount().isZero()) {
                orders.audit(sale.orderRef(), sale.location(), sale.businessDay(), "DISCOUNT", line.lineNo(), null, null,
                        line.discount().minor(), currency, sale.employeeId(), now);
            }
        }
        boolean approvedPrices = sale.overrides().stream().anyMatch(o -> "PRICE".equals(o.kind()));
        for (RecordSale.Line line : sale.soldLines()) {
            boolean approved = approvedPrices && sale.overrides().stream().anyMatch(o -> "PRICE".equals(o.kind())
                    && (o.lineNo() == null || o.lineNo() == line.lineNo()));
            if (sale.priceOverridden(line) && !approved) {
                // sold off the price in force with no PRICE override (an approved one is its OVERRIDE_PRICE row):
                // what the line gave away against that price, negative when sold above it
                orders.audit(sale.orderRef(), sale.location(), sale.businessDay(), "PRICE_OVERRIDDEN", line.lineNo(), null, null,
                        line.listPrice().minus(line.unitPrice()).times(line.quantity()).minor(), currency, sale.employeeId(), now);
            }
        }
        if (sale.employeeSale()) {
            orders.audit(sale.orderRef(), sale.location(), sale.businessDay(), "EMPLOYEE_SALE", null, null, null,
                    sale.total().minor(), currency, sale.employeeId(), now);
        }
    }

    /** The {@code order.created} data of a sale, or of an exchange's new lines. */
    static Map<String, Object> orderCreated(RecordSale sale, List<RecordSale.Line> lines, String customerId) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderRef", sale.orderRef());
        order.put("channel", sale.channel());
        order.put("store", sale.kind() == RecordSale.Kind.POS ? sale.location() : null);
        order.put("businessDay", sale.businessDay().toString());
        order.put("occurredAt", sale.occurredAt().toString());
        order.put("currency", sale.currency().getCurrencyCode());
        Money zero = Money.zero(sale.currency());
        order.put("total", lines.stream().map(RecordSale.Line::total).reduce(zero, Money::plus).toDecimalString());
        order.put("tax", lines.stream().map(RecordSale.Line::tax).reduce(zero, Money::plus).toDecimalString());
        order.put("customerId", customerId);
        order.put("employeeSale", sale.employeeSale());
        order.put("lines", lines.stream().map(l -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("lineNo", l.lineNo());
            line.put("sku", l.sku());
            line.put("quantity", l.quantity());
            line.put("unitPrice", l.unitPrice().toDecimalString());
            line.put("discount", l.discount().toDecimalString());
            line.put("tax", l.tax().toDecimalString());
            line.put("listPrice", l.listPrice() == null ? null : l.listPrice().toDecimalString()); // the price in force when sold
            line.put("priceOverridden", sale.priceOverridden(l));
            return line;
        }).toList());
        order.put("tenders", sale.tenders().stream().map(t -> {
            Map<String, Object> tender = new LinkedHashMap<>();
            tender.put("type", t.type());
            tender.put("brand", t.brand());
            tender.put("amount", t.amount().toDecimalString());
            tender.put("last4", t.last4());
            return tender;
        }).toList());
        return order;
    }
}
