package io.selvedge.shopify.webhooks;

import io.selvedge.sales.Returns;
import io.selvedge.sales.SalesIntake;
import io.selvedge.sales.TransactionRequest;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.Money;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code refunds/create}: a Shopify refund becomes a return of the web order ({@link SalesIntake#channelReturn}),
 * recorded once under {@code shopify:refund:<refund id>}. Each refund line item gives back its order line (found by
 * the line item id the order was recorded with), restocked at the location Shopify names ({@code return},
 * {@code cancel}) or not ({@code no_restock}: into damaged, never on-hand); the money is what the successful refund
 * transactions paid out, spread over the lines, on the order's payment. A refund that arrives before its order waits
 * for it.
 */
@Component
class RefundWebhooks {

    static final String REF_PREFIX = "shopify:refund:";
    private static final UnaryOperator<String> PATHS = Refusals.renaming("refund_line_items", "transactions");

    private final Shop shop;
    private final SalesIntake intake;
    private final Returns returns;
    private final JdbcWebhooks webhooks;
    private final JsonMapper json;

    RefundWebhooks(Shop shop, SalesIntake intake, Returns returns, JdbcWebhooks webhooks, JsonMapper json) {
        this.shop = shop;
        this.intake = intake;
        this.returns = returns;
        this.webhooks = webhooks;
        this.json = json;
    }

    Outcome created(JsonNode refund) {
        Payload p = new Payload();
        String refundId = p.id(refund, "id", "id");
        String orderId = p.id(refund, "order_id", "order_id");
        if (p.failed()) {
            return new Outcome.Refused(refundId == null ? null : REF_PREFIX + refundId, "not a Shopify refund", p.errors());
        }
        String ref = REF_PREFIX + refundId;
        String orderRef = OrderWebhooks.REF_PREFIX + orderId;
        JsonNode items = refund.path("refund_line_items");
        Optional<JdbcWebhooks.RecordedOrder> recorded = webhooks.order(orderId);
        Optional<Map<String, Object>> returnable = recorded.isEmpty() ? Optional.empty() : returns.returnable(orderRef);
        if (recorded.isEmpty() || returnable.isEmpty()) {
            return new Outcome.Retry(ref, "its order " + orderRef + " is not recorded yet", orderRef);
        }
        if (returns.returnable(ref).isPresent()) {
            // mapped again now, its lines' worth would differ (this refund is part of what was refunded): it is already posted
            return new Outcome.Ignored(ref, "already recorded");
        }
        Currency currency = Currency.getInstance(recorded.get().currency());
        Money refunded = refunded(refund, p, currency);
        if (!items.isArray() || items.isEmpty()) {
            if (p.failed()) {
                return new Outcome.Refused(ref, "the refund cannot be read", p.errors());
            }
            return new Outcome.Ignored(ref, "refunds money only (" + refunded.toDecimalString() + " " + currency.getCurrencyCode()
                    + ": shipping, an adjustment or goodwill) and gives no line back; the hub records refunds with the lines they return, "
                    + "and web orders' money outside any store's drawer");
        }
        Instant occurredAt = p.instant(refund, "processed_at", "processed_at", false);
        if (occurredAt == null) {
            occurredAt = p.instant(refund, "created_at", "created_at", true);
        }

        Map<Integer, Map<String, Object>> soldLines = linesOf(returnable.get());
        int n = items.size();
        JdbcWebhooks.OrderLine[] lines = new JdbcWebhooks.OrderLine[n];
        long[] quantities = new long[n];
        String[] conditions = new String[n];
        long[] values = new long[n];
        long[] taxValues = new long[n];
        long[] targets = new long[n];
        long[] unitPrices = new long[n];
        Set<String> locations = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            JsonNode item = items.get(i);
            String at = "refund_line_items[" + i + "]";
            String lineItemId = p.id(item, "line_item_id", at + ".line_item_id");
            if (lineItemId != null) {
                lines[i] = recorded.get().lines().get(lineItemId);
                if (lines[i] == null) {
                    p.error(at + ".line_item_id", "names no line item of order " + orderRef);
                }
            }
            Long quantity = p.quantity(item, "quantity", at + ".quantity");
            quantities[i] = quantity == null ? 0 : quantity;
            String restock = Payload.text(item, "restock_type");
            if (restock == null) {
                restock = refund.path("restock").asBoolean(false) ? "return" : "no_restock";
            }
            switch (restock) {
                case "return", "cancel", "legacy_restock" -> conditions[i] = "RESALEABLE";
                case "no_restock" -> conditions[i] = "DAMAGED";
                default -> p.error(at + ".restock_type", "must be return, cancel, legacy_restock or no_restock");
            }
            String locationId = p.optionalId(item, "location_id", at + ".location_id");
            if (locationId != null && !"DAMAGED".equals(conditions[i])) {
                Optional<String> location = shop.location(locationId);
                if (location.isEmpty()) {
                    p.error(at + ".location_id", "Shopify location " + locationId
                            + " is not mapped to a location in the contract (shopify.locations)");
                } else {
                    locations.add(location.get());
                }
            }
            Money subtotal = p.money(item, "subtotal", at + ".subtotal", currency, false);
            Money tax = p.money(item, "total_tax", at + ".total_tax", currency, false);
            if (subtotal != null && tax != null) {
                values[i] = subtotal.plus(tax).minor();
                taxValues[i] = tax.minor();
            }
            if (lines[i] != null) {
                Map<String, Object> sold = soldLines.get(lines[i].lineNo());
                long paid = Money.parse((String) sold.get("paid"), currency).minor();
                long back = Money.parse((String) sold.get("refunded"), currency).minor();
                targets[i] = Math.max(0, Math.min(values[i], paid - back));
                unitPrices[i] = lines[i].unitPriceMinor();
            }
        }
        if (locations.size() > 1) {
            p.error("refund_line_items", "restock at " + locations.size() + " locations " + locations
                    + "; one refund is returned to one location: split it");
        }
        if (p.failed()) {
            return new Outcome.Refused(ref, "the refund cannot be mapped", p.errors());
        }

        // the money that went back is spread over the lines, never more than each is still worth; the rest is not goods
        long targetSum = 0;
        for (long t : targets) {
            targetSum = Math.addExact(targetSum, t);
        }
        List<String> notes = new ArrayList<>();
        long[] amounts = targets.clone();
        if (refunded.minor() < targetSum) {
            amounts = Allocation.spread(refunded.minor(), targets);
            notes.add("refunded " + refunded.toDecimalString() + " for lines worth " + new Money(targetSum, currency).toDecimalString()
                    + ": spread over them by their worth");
        } else if (refunded.minor() > targetSum) {
            notes.add(new Money(refunded.minor() - targetSum, currency).toDecimalString() + " of the " + refunded.toDecimalString()
                    + " refunded is beyond the goods (shipping or an adjustment) and is not in the canonical return");
        }

        List<TransactionRequest.Line> out = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < n; i++) {
            long tax = values[i] == 0 ? 0 : Math.min(amounts[i], share(taxValues[i], amounts[i], values[i]));
            long net = amounts[i] - tax;
            long gross = Math.multiplyExact(unitPrices[i], quantities[i]);
            if (net > gross) {
                p.error("refund_line_items[" + i + "].subtotal", "refunds more than the line's price × quantity");
                continue;
            }
            out.add(new TransactionRequest.Line(i + 1, lines[i].sku(), quantities[i], new Money(unitPrices[i], currency).toDecimalString(),
                    new Money(gross - net, currency).toDecimalString(), new Money(tax, currency).toDecimalString(),
                    new TransactionRequest.ReturnOf(orderRef, lines[i].lineNo()), conditions[i]));
            total = Math.addExact(total, amounts[i]);
        }
        if (p.failed()) {
            return new Outcome.Refused(ref, "the refund's amounts do not fit its order", p.errors());
        }
        List<TransactionRequest.Tender> tenders = new ArrayList<>();
        if (total > 0) {
            tenders.add(payment(returnable.get(), orderRef, new Money(-total, currency)));
        }
        String location = locations.isEmpty() ? shop.shipFrom().code() : locations.iterator().next();
        TransactionRequest request = new TransactionRequest(null, location, null, null, occurredAt, "RETURN", currency.getCurrencyCode(), false,
                null, out, tenders, null, null, ref, shop.channel(), null, null);
        WriteResult result;
        try {
            result = intake.channelReturn(shop.caller(), request);
        } catch (ProblemException e) {
            return Refusals.of(ref, e, PATHS);
        }
        if (result.status() >= 400) {
            return Refusals.of(ref, result, json, PATHS);
        }
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        if (result.replay()) {
            return new Outcome.Ignored(ref, "already recorded" + (note == null ? "" : "; " + note));
        }
        return new Outcome.Processed(ref, note, result.json());
    }

    /** Σ the successful refund transactions; other kinds (a void, a failed try) moved no money back. */
    private static Money refunded(JsonNode refund, Payload p, Currency currency) {
        Money sum = Money.zero(currency);
        JsonNode transactions = refund.path("transactions");
        for (int i = 0; i < transactions.size(); i++) {
            JsonNode t = transactions.get(i);
            if ("refund".equals(Payload.text(t, "kind")) && "success".equals(Payload.text(t, "status"))) {
                Money amount = p.money(t, "amount", "transactions[" + i + "].amount", currency, true);
                if (amount != null) {
                    sum = sum.plus(amount);
                }
            }
        }
        return sum;
    }

    /** The refund goes back to the order's payment (one tender, named by the order ref), as the hub's returnable view shows it. */
    @SuppressWarnings("unchecked")
    private static TransactionRequest.Tender payment(Map<String, Object> returnable, String orderRef, Money amount) {
        List<Map<String, Object>> payments = (List<Map<String, Object>>) returnable.get("payments");
        Map<String, Object> paid = payments.isEmpty() ? Map.of("type", "CARD") : payments.get(0);
        return new TransactionRequest.Tender((String) paid.get("type"), (String) paid.get("brand"), amount.toDecimalString(), orderRef,
                (String) paid.get("last4"));
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Map<String, Object>> linesOf(Map<String, Object> returnable) {
        Map<Integer, Map<String, Object>> byLine = new java.util.HashMap<>();
        for (Map<String, Object> line : (List<Map<String, Object>>) returnable.get("lines")) {
            byLine.put(((Number) line.get("lineNo")).intValue(), line);
        }
        return byLine;
    }

    /** part × amount / whole, rounded half up, in minor units. */
    private static long share(long part, long amount, long whole) {
        return java.math.BigInteger.valueOf(part).multiply(java.math.BigInteger.valueOf(amount))
                .add(java.math.BigInteger.valueOf(whole / 2)).divide(java.math.BigInteger.valueOf(whole)).longValueExact();
    }
}
