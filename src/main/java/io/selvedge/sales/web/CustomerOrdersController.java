package io.selvedge.sales.web;

import io.selvedge.customers.CustomerDirectory;
import io.selvedge.customers.CustomerRecords;
import io.selvedge.sales.jdbc.JdbcCustomerOrders;
import io.selvedge.shared.Money;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer's transaction history across merges: the store transactions and channel orders recorded under any
 * record of the customer's merge group ({@link CustomerDirectory#records}), newest first. It lives in sales because
 * it reads the sales tables and sales already depends on customers (never the other way round). Readable by any
 * key, as the other customer reads are. Orders keep the id they were recorded under, so an unmerge splits the history
 * back, and an erasure leaves it whole: the history carries customer ids only, never personal data.
 */
@RestController
class CustomerOrdersController {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final CustomerDirectory customers;
    private final JdbcCustomerOrders orders;

    CustomerOrdersController(CustomerDirectory customers, JdbcCustomerOrders orders) {
        this.customers = customers;
        this.orders = orders;
    }

    @GetMapping("/api/v1/customers/{customerId}/orders")
    Map<String, Object> orders(@PathVariable String customerId, @RequestParam(required = false) String after,
                               @RequestParam(required = false) Integer limit) {
        Violations v = new Violations();
        if (limit != null && (limit < 1 || limit > MAX_PAGE)) {
            v.add("limit", "must be between 1 and " + MAX_PAGE);
        }
        JdbcCustomerOrders.Position from = after == null ? null : v.attempt("after", () -> Cursor.decode(after));
        v.throwIfAny();
        CustomerRecords records = customers.records(customerId)
                .orElseThrow(() -> ProblemException.notFound("No customer with id '" + customerId + "'"));
        int size = limit == null ? DEFAULT_PAGE : limit;
        // One row more than the page tells whether there is a next page without a count.
        List<JdbcCustomerOrders.Row> rows = orders.page(records.recordIds(), from, size + 1);
        boolean more = rows.size() > size;
        List<JdbcCustomerOrders.Row> page = more ? rows.subList(0, size) : rows;

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", records.customerId());
        if (!records.customerId().equals(customerId)) {
            body.put("resolvedFrom", customerId);
        }
        body.put("records", records.recordIds());
        List<Map<String, Object>> items = new ArrayList<>(page.size());
        for (JdbcCustomerOrders.Row row : page) {
            items.add(item(row));
        }
        body.put("orders", items);
        if (more) {
            body.put("next", Cursor.encode(page.get(page.size() - 1).position()));
        }
        return body;
    }

    /** Money as the sales answers show it: decimal strings in the order's currency, signed (a refund is negative). */
    private static Map<String, Object> item(JdbcCustomerOrders.Row row) {
        Currency currency = Currency.getInstance(row.currency());
        Map<String, Object> item = new LinkedHashMap<>();
        if ("POS".equals(row.kind())) {
            item.put("transactionId", row.orderRef());
        }
        item.put("orderRef", row.orderRef());
        item.put("customerId", row.customerId());
        item.put("type", row.type());
        item.put("channel", row.channel());
        item.put("location", row.location());
        if (row.register() != null) {
            item.put("register", row.register());
        }
        item.put("businessDay", row.businessDay().toString());
        item.put("occurredAt", row.occurredAt().toString());
        item.put("recordedAt", row.recordedAt().toString());
        item.put("currency", row.currency());
        item.put("total", new Money(row.totalMinor(), currency).toDecimalString());
        item.put("tax", new Money(row.taxMinor(), currency).toDecimalString());
        item.put("discount", new Money(row.discountMinor(), currency).toDecimalString());
        if (row.voidOf() != null) {
            item.put("voidOf", row.voidOf());
        }
        if (row.voidedBy() != null) {
            item.put("voidedBy", row.voidedBy());
        }
        return item;
    }

    /** The opaque {@code next}/{@code after} token: the last row's moment and ref, base64url. */
    static final class Cursor {

        private Cursor() {
        }

        static String encode(JdbcCustomerOrders.Position p) {
            String plain = p.occurredAt() + "|" + p.orderRef();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        static JdbcCustomerOrders.Position decode(String token) {
            String plain;
            try {
                plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be the 'next' of an earlier page");
            }
            int bar = plain.indexOf('|');
            if (bar < 1 || bar == plain.length() - 1 || plain.length() - bar - 1 > 100) {
                throw new IllegalArgumentException("must be the 'next' of an earlier page");
            }
            try {
                return new JdbcCustomerOrders.Position(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be the 'next' of an earlier page");
            }
        }
    }
}
