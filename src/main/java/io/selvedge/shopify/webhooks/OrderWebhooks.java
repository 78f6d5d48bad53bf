package io.selvedge.shopify.webhooks;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.customers.CustomerDetails;
import io.selvedge.customers.CustomerDirectory;
import io.selvedge.sales.SalesIntake;
import io.selvedge.sales.TransactionRequest;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.Money;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.shopify.inventory.JdbcShopifyInventory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code orders/create} and {@code orders/updated}: a Shopify order becomes a web-channel order of the hub
 * ({@link SalesIntake#order}), recorded once under {@code shopify:<order id>}. See docs/formats/shopify.md for how
 * each field maps; in short: line items by SKU (or by a variant mapped from products webhooks) with their price,
 * allocated discounts and taxes (what Shopify left unallocated is spread over the lines), shipping, duties and fees
 * left out (the canonical order has goods only), and one tender for what the goods come to, of the first payment
 * gateway's type.
 */
@Component
class OrderWebhooks {

    static final String REF_PREFIX = "shopify:";
    private static final UnaryOperator<String> PATHS = Refusals.renaming("line_items", "total_price");

    private final Shop shop;
    private final SalesIntake intake;
    private final CatalogLookup catalog;
    private final CustomerDirectory customers;
    private final JdbcWebhooks webhooks;
    private final JdbcShopifyInventory inventory;
    private final WriteTransactions writes;
    private final JsonMapper json;
    private final Clock clock;

    OrderWebhooks(Shop shop, SalesIntake intake, CatalogLookup catalog, CustomerDirectory customers, JdbcWebhooks webhooks,
                  JdbcShopifyInventory inventory, WriteTransactions writes, JsonMapper json, Clock clock) {
        this.shop = shop;
        this.intake = intake;
        this.catalog = catalog;
        this.customers = customers;
        this.webhooks = webhooks;
        this.inventory = inventory;
        this.writes = writes;
        this.json = json;
        this.clock = clock;
    }

    /** An order as the hub records it, and which hub line each Shopify line item became. */
    record Mapped(String orderId, String orderRef, String currency, TransactionRequest request, List<JdbcWebhooks.OrderLine> lines,
                  List<String> notes) {
    }

    Outcome created(JsonNode order) {
        Payload p = new Payload();
        String orderId = p.id(order, "id", "id");
        if (orderId == null) {
            return new Outcome.Refused(null, "not a Shopify order", p.errors());
        }
        String ref = REF_PREFIX + orderId;
        if (!Payload.absent(order.path("cancelled_at"))) {
            return new Outcome.Ignored(ref, "cancelled before the hub recorded it (cancel_reason " + reasonOf(order)
                    + "): there is nothing to post");
        }
        return record(order, p, orderId, List.of());
    }

    Outcome updated(JsonNode order) {
        Payload p = new Payload();
        String orderId = p.id(order, "id", "id");
        if (orderId == null) {
            return new Outcome.Refused(null, "not a Shopify order", p.errors());
        }
        String ref = REF_PREFIX + orderId;
        boolean known = webhooks.order(orderId).isPresent();
        if (!Payload.absent(order.path("cancelled_at"))) {
            return new Outcome.Ignored(ref, known
                    ? "cancelled after the hub recorded it: a cancellation posts nothing by itself; its units and money come back with "
                    + "the refund Shopify creates for it (refunds/create, restock_type cancel)"
                    : "cancelled before the hub recorded it (cancel_reason " + reasonOf(order) + "): there is nothing to post");
        }
        return record(order, p, orderId, known ? List.of()
                : List.of("recorded from orders/updated: the hub had not recorded it from orders/create"));
    }

    private Outcome record(JsonNode order, Payload p, String orderId, List<String> notes) {
        String ref = REF_PREFIX + orderId;
        Object mapped = map(order, p, orderId);
        if (mapped instanceof Outcome outcome) {
            return outcome;
        }
        Mapped m = (Mapped) mapped;
        List<String> allNotes = new ArrayList<>(notes);
        allNotes.addAll(m.notes());
        WriteResult result;
        try {
            result = intake.order(shop.caller(), m.request());
        } catch (ProblemException e) {
            if (e.code() == ErrorCode.IDEMPOTENCY_CONFLICT) {
                return new Outcome.Refused(ref, "edited after the hub recorded it: the hub keeps the order as first received and does not "
                        + "apply edits to its lines, quantities or prices (returns come as refunds/create)", List.of());
            }
            return Refusals.of(ref, e, PATHS);
        }
        if (result.status() >= 400) {
            return Refusals.of(ref, result, json, PATHS);
        }
        Instant now = clock.instant();
        writes.write(() -> {
            webhooks.rememberOrder(orderId, ref, m.currency(), m.lines(), now);
            return webhooks.wake(ref, now);
        });
        if (result.replay()) {
            allNotes.add(0, "already recorded as first received: nothing the hub keeps changed (status, fulfilment, tags and notes are not kept)");
            return new Outcome.Ignored(ref, String.join("; ", allNotes));
        }
        return new Outcome.Processed(ref, allNotes.isEmpty() ? null : String.join("; ", allNotes), result.json());
    }

    /** The canonical order, or the outcome that stops it. */
    Object map(JsonNode order, Payload p, String orderId) {
        String ref = REF_PREFIX + orderId;
        List<String> notes = new ArrayList<>();
        String gid = Payload.gidNumber(order, "admin_graphql_api_id");
        if (gid != null && !gid.equals(orderId)) {
            notes.add("id " + orderId + " and admin_graphql_api_id …/" + gid + " differ (a producer rounded the number): the id is used");
        }
        if ("pos".equals(Payload.text(order, "source_name"))) {
            return new Outcome.Refused(ref, "a Shopify POS order is a store sale, not a web order: send it through the POS flow",
                    List.of(new FieldError("source_name", "is 'pos'")));
        }
        if (order.path("taxes_included").asBoolean(false)) {
            return new Outcome.Refused(ref, "prices include tax (taxes_included): the canonical order line is priced before tax",
                    List.of(new FieldError("taxes_included", "is true; only tax-exclusive prices are mapped")));
        }
        Currency currency = p.currency(order, "currency", "currency");
        Instant occurredAt = p.instant(order, "processed_at", "processed_at", false);
        if (occurredAt == null) {
            occurredAt = p.instant(order, "created_at", "created_at", true);
        }
        JsonNode items = order.path("line_items");
        if (!items.isArray() || items.isEmpty()) {
            p.error("line_items", "must list at least one line item");
        }
        if (p.failed() || currency == null) {
            return new Outcome.Refused(ref, "the order cannot be read", p.errors());
        }

        int n = items.size();
        String[] lineItemIds = new String[n];
        String[] skus = new String[n];
        long[] quantities = new long[n];
        Money[] prices = new Money[n];
        long[] discounts = new long[n];
        long[] taxes = new long[n];
        boolean[] taxable = new boolean[n];
        for (int i = 0; i < n; i++) {
            JsonNode item = items.get(i);
            String at = "line_items[" + i + "]";
            lineItemIds[i] = p.id(item, "id", at + ".id");
            Long quantity = p.quantity(item, "quantity", at + ".quantity");
            quantities[i] = quantity == null ? 0 : quantity;
            skus[i] = Payload.text(item, "sku");
            if (skus[i] == null) {
                String variant = p.optionalId(item, "variant_id", at + ".variant_id");
                skus[i] = variant == null ? null : inventory.skuOfVariant(variant).orElse(null);
                if (skus[i] == null) {
                    p.error(at + ".sku", variant == null ? "is missing, and the line names no variant"
                            : "is missing, and variant " + variant + " is not mapped to a SKU (products/update maps it)");
                }
            }
            prices[i] = p.money(item, "price", at + ".price", currency, true);
            discounts[i] = discount(item, p, at, currency);
            taxes[i] = sum(item.path("tax_lines"), "price", at + ".tax_lines", p, currency);
            taxable[i] = item.path("taxable").asBoolean(true);
        }
        if (p.failed()) {
            return new Outcome.Refused(ref, "line items cannot be mapped", p.errors());
        }
        Set<String> known = catalog.variants(new HashSet<>(List.of(skus))).keySet();
        for (int i = 0; i < n; i++) {
            if (!known.contains(skus[i])) {
                p.error("line_items[" + i + "].sku", "'" + skus[i] + "' is not in the catalogue");
            }
        }
        if (p.failed()) {
            return new Outcome.Refused(ref, "line items name SKUs the hub does not know", p.errors());
        }

        long[] gross = new long[n];
        long grossSum = 0;
        long discountSum = 0;
        long taxSum = 0;
        for (int i = 0; i < n; i++) {
            gross[i] = prices[i].times(quantities[i]).minor();
            grossSum = Math.addExact(grossSum, gross[i]);
            discountSum = Math.addExact(discountSum, discounts[i]);
            taxSum = Math.addExact(taxSum, taxes[i]);
        }
        Money lineItemsPrice = p.money(order, "total_line_items_price", "total_line_items_price", currency, false);
        if (lineItemsPrice != null && !lineItemsPrice.isZero() && lineItemsPrice.minor() != grossSum) {
            p.error("total_line_items_price", "is " + lineItemsPrice.toDecimalString() + " but the line items' price × quantity come to "
                    + new Money(grossSum, currency).toDecimalString());
        }
        JsonNode shipping = order.path("shipping_lines");
        long shippingDiscounts = 0;
        long shippingTaxes = 0;
        long shippingPrices = 0;
        for (int i = 0; i < shipping.size(); i++) {
            String at = "shipping_lines[" + i + "]";
            Money price = p.money(shipping.get(i), "price", at + ".price", currency, false);
            shippingPrices += price == null ? 0 : price.minor();
            shippingDiscounts += sum(shipping.get(i).path("discount_allocations"), "amount", at + ".discount_allocations", p, currency);
            shippingTaxes += sum(shipping.get(i).path("tax_lines"), "price", at + ".tax_lines", p, currency);
        }
        Money totalDiscounts = p.money(order, "total_discounts", "total_discounts", currency, false);
        Money totalTax = p.money(order, "total_tax", "total_tax", currency, false);
        Money totalPrice = p.money(order, "total_price", "total_price", currency, true);
        if (p.failed()) {
            return new Outcome.Refused(ref, "the order's amounts cannot be read", p.errors());
        }

        // Shopify allocates discounts to lines; older and hand-made payloads leave some at order level: spread it
        long unallocatedDiscount = totalDiscounts.minor() - discountSum - shippingDiscounts;
        if (unallocatedDiscount < 0) {
            p.error("total_discounts", "is " + totalDiscounts.toDecimalString() + ", less than the discounts allocated to its lines");
        } else if (unallocatedDiscount > 0) {
            long[] weights = new long[n];
            for (int i = 0; i < n; i++) {
                weights[i] = Math.max(0, gross[i] - discounts[i]);
            }
            long[] shares = Allocation.spread(unallocatedDiscount, weights);
            for (int i = 0; i < n; i++) {
                discounts[i] += shares[i];
            }
            notes.add("order-level discount " + new Money(unallocatedDiscount, currency).toDecimalString()
                    + " was not allocated to lines: spread over them by their amounts");
        }
        long unallocatedTax = totalTax.minor() - taxSum - shippingTaxes;
        if (unallocatedTax < 0) {
            p.error("total_tax", "is " + totalTax.toDecimalString() + ", less than the taxes of its lines and shipping");
        } else if (unallocatedTax > 0) {
            long[] weights = new long[n];
            for (int i = 0; i < n; i++) {
                weights[i] = taxable[i] ? Math.max(0, gross[i] - discounts[i]) : 0;
            }
            long[] shares = Allocation.spread(unallocatedTax, weights);
            for (int i = 0; i < n; i++) {
                taxes[i] += shares[i];
            }
            notes.add("order-level tax " + new Money(unallocatedTax, currency).toDecimalString()
                    + " was not on its lines: spread over the taxable lines by their amounts");
        }
        long goods = 0;
        for (int i = 0; i < n; i++) {
            if (discounts[i] > gross[i]) {
                p.error("line_items[" + i + "].discount_allocations", "come to more than the line's price × quantity");
            }
            goods = Math.addExact(goods, gross[i] - discounts[i] + taxes[i]);
        }
        // what an order may charge beyond its goods: shipping (after its discounts, with its tax), duties, fees and tips
        long extras = shippingPrices - shippingDiscounts + shippingTaxes
                + minor(p.money(order, "current_total_duties", "current_total_duties", currency, false))
                + minor(p.money(order, "original_total_additional_fees", "original_total_additional_fees", currency, false))
                + minor(p.money(order, "total_tip_received", "total_tip_received", currency, false));
        long beyondGoods = totalPrice.minor() - goods;
        if (!p.failed() && (beyondGoods < 0 || beyondGoods > extras)) {
            p.error("total_price", "is " + totalPrice.toDecimalString() + " but the lines come to " + new Money(goods, currency).toDecimalString()
                    + " and shipping, duties and fees to at most " + new Money(extras, currency).toDecimalString());
        }
        if (p.failed()) {
            return new Outcome.Refused(ref, "the order's amounts do not add up", p.errors());
        }
        if (beyondGoods > 0) {
            notes.add("shipping, duties and fees of " + new Money(beyondGoods, currency).toDecimalString()
                    + " are not part of the canonical order: the tender covers the goods, " + new Money(goods, currency).toDecimalString());
        }

        List<TransactionRequest.Line> lines = new ArrayList<>();
        List<JdbcWebhooks.OrderLine> lineMap = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(new TransactionRequest.Line(i + 1, skus[i], quantities[i], prices[i].toDecimalString(),
                    new Money(discounts[i], currency).toDecimalString(), new Money(taxes[i], currency).toDecimalString(), null, null));
            lineMap.add(new JdbcWebhooks.OrderLine(lineItemIds[i], i + 1, skus[i], prices[i].minor()));
        }
        List<TransactionRequest.Tender> tenders = goods == 0 ? List.of() : List.of(tender(order, ref, new Money(goods, currency)));
        TransactionRequest request = new TransactionRequest(null, null, null, null, occurredAt, "SALE", currency.getCurrencyCode(), false,
                customer(order, notes), lines, tenders, null, null, ref, shop.channel(), null, null);
        return new Mapped(orderId, ref, currency.getCurrencyCode(), request, lineMap, notes);
    }

    /**
     * Payments are not in order webhooks: one tender pays for the goods, of the first gateway's kind. A card's brand is the
     * card company when the payload names it (the classic {@code payment_details}), else the gateway; its reference is
     * the order ref, so the order's refunds name the same payment.
     */
    private static TransactionRequest.Tender tender(JsonNode order, String ref, Money amount) {
        String gateway = order.path("payment_gateway_names").isArray() && !order.path("payment_gateway_names").isEmpty()
                ? order.path("payment_gateway_names").get(0).asString("") : Payload.text(order, "gateway");
        String g = gateway == null ? "" : gateway.toLowerCase(Locale.ROOT);
        if (g.equals("gift_card")) {
            return new TransactionRequest.Tender("GIFT_CARD", null, amount.toDecimalString(), ref, null);
        }
        if (g.contains("cash")) {
            return new TransactionRequest.Tender("CASH", null, amount.toDecimalString(), ref, null);
        }
        if (g.contains("store_credit")) {
            return new TransactionRequest.Tender("STORE_CREDIT", null, amount.toDecimalString(), ref, null);
        }
        String company = Payload.text(order.path("payment_details"), "credit_card_company");
        String brand = company != null ? company : gateway == null || gateway.isBlank() ? "UNKNOWN" : gateway;
        brand = brand.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]+", "_");
        String masked = Payload.text(order.path("payment_details"), "credit_card_number");
        String last4 = masked != null && masked.matches(".*\\D\\d{4}") ? masked.substring(masked.length() - 4) : null;
        return new TransactionRequest.Tender("CARD", brand.length() > 32 ? brand.substring(0, 32) : brand, amount.toDecimalString(), ref, last4);
    }

    /**
     * The order's customer, linked by Shopify's customer id (the hub's customer flow matches by email, then phone). An
     * email or phone the hub cannot use is left out rather than refusing the order: the sale happened.
     */
    private TransactionRequest.Customer customer(JsonNode order, List<String> notes) {
        JsonNode c = order.path("customer");
        String email = Payload.text(c, "email");
        if (email == null) {
            email = Payload.text(order, "email");
        }
        String phone = Payload.text(c, "phone");
        String sourceId = new Payload().optionalId(c, "id", "customer.id");
        String first = Payload.text(c, "first_name");
        String last = Payload.text(c, "last_name");
        if (email == null && phone == null && sourceId == null) {
            return null;
        }
        String country = Payload.text(c.path("default_address"), "country_code");
        if (country == null) {
            country = Payload.text(order.path("shipping_address"), "country_code");
        }
        CustomerDetails usable = usable(new CustomerDetails(email, phone, first, last), country == null ? shop.shipFrom().country() : country,
                notes);
        return new TransactionRequest.Customer(usable.email(), usable.phone(), usable.firstName(), usable.lastName(), sourceId);
    }

    /** The details without the parts the customer flow would refuse, each noted (by field, never by value). */
    CustomerDetails usable(CustomerDetails details, String country, List<String> notes) {
        Violations v = new Violations();
        customers.check("customer", details, country, v);
        Set<String> bad = new HashSet<>();
        for (FieldError e : v.errors()) {
            bad.add(e.field());
            notes.add(e.field() + " " + e.message() + ": left out");
        }
        return new CustomerDetails(bad.contains("customer.email") ? null : details.email(), bad.contains("customer.phone") ? null : details.phone(),
                bad.contains("customer.firstName") ? null : details.firstName(), bad.contains("customer.lastName") ? null : details.lastName());
    }

    /** A line's discount: its allocations when the payload has them (they sum every discount application), else total_discount. */
    private static long discount(JsonNode item, Payload p, String at, Currency currency) {
        JsonNode allocations = item.path("discount_allocations");
        if (allocations.isArray()) {
            return sum(allocations, "amount", at + ".discount_allocations", p, currency);
        }
        Money total = p.money(item, "total_discount", at + ".total_discount", currency, false);
        return total == null ? 0 : total.minor();
    }

    private static long sum(JsonNode list, String field, String at, Payload p, Currency currency) {
        long sum = 0;
        for (int i = 0; i < list.size(); i++) {
            Money m = p.money(list.get(i), field, at + "[" + i + "]." + field, currency, true);
            if (m != null) {
                sum = Math.addExact(sum, m.minor());
            }
        }
        return sum;
    }

    private static long minor(Money money) {
        return money == null ? 0 : money.minor();
    }

    private static String reasonOf(JsonNode order) {
        String reason = Payload.text(order, "cancel_reason");
        return reason == null ? "not given" : reason.replaceAll("[^a-z_]", "");
    }
}
