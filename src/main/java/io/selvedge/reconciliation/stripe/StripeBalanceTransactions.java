package io.selvedge.reconciliation.stripe;

import io.selvedge.reconciliation.domain.Amounts;
import io.selvedge.reconciliation.domain.LineCategory;
import io.selvedge.reconciliation.domain.Malformed;
import io.selvedge.reconciliation.domain.Parsed;
import io.selvedge.reconciliation.domain.ProcessorLine;
import io.selvedge.reconciliation.domain.ProcessorReport;
import io.selvedge.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe balance transactions as the API lists them: {@code {"object": "list", "data": [...]}}, a bare array, or one
 * object. Items are {@code balance_transaction}s (amount, fee and net in minor units, signed from the balance's side)
 * and, optionally, {@code payout} objects, which add the arrival date to the payout's balance transaction. A
 * {@code source} expanded to a charge object lends its card's last four digits and payment intent.
 *
 * <p>Refused, with the JSON path: JSON that does not parse, an item of another kind, a missing id, amount, net,
 * currency or created time, an amount that is not an integer, and {@code amount - fee != net}.
 */
public final class StripeBalanceTransactions {

    public static final String PROCESSOR = "STRIPE";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StripeBalanceTransactions() {
    }

    /** True when the text is JSON that mentions a balance transaction or a payout. */
    public static boolean looksLike(String text) {
        String start = text.stripLeading();
        return (start.startsWith("{") || start.startsWith("[")) && (text.contains("\"balance_transaction\"") || text.contains("\"payout\""));
    }

    public static Parsed<ProcessorReport> parse(byte[] content) {
        return Parsed.of(() -> read(Amounts.utf8(content)));
    }

    private static ProcessorReport read(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            var where = e.getLocation();
            throw new Malformed(where == null ? "$" : "line " + where.getLineNr() + ", column " + where.getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        }
        List<Item> items = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new Malformed("$", "the body is empty");
        } else if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                items.add(new Item("$[" + i + "]", root.get(i)));
            }
        } else if (root.isObject() && "list".equals(text(root, "object"))) {
            JsonNode data = root.get("data");
            if (data == null || !data.isArray()) {
                throw new Malformed("$.data", "a Stripe list carries its items in a 'data' array");
            }
            for (int i = 0; i < data.size(); i++) {
                items.add(new Item("$.data[" + i + "]", data.get(i)));
            }
        } else if (root.isObject()) {
            items.add(new Item("$", root));
        } else {
            throw new Malformed("$", "expected a Stripe list of balance transactions, an array of them, or one");
        }
        if (items.isEmpty()) {
            throw new Malformed("$", "the list holds no balance transactions");
        }
        Map<String, ProcessorLine> payouts = new LinkedHashMap<>();
        Map<String, JsonNode> payoutObjects = new LinkedHashMap<>();
        List<ProcessorLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (!item.node().isObject()) {
                throw new Malformed(item.path(), "is not an object");
            }
            String object = text(item.node(), "object");
            if ("payout".equals(object)) {
                String id = required(item, "id");
                payoutObjects.put(id, item.node());
                continue;
            }
            if (!"balance_transaction".equals(object)) {
                throw new Malformed(item.path() + ".object", "'" + object + "' is not a balance_transaction or a payout");
            }
            ProcessorLine line = balanceTransaction(item, i + 1);
            if (line.category() == LineCategory.PAYOUT && line.pspReference() != null) {
                payouts.put(line.pspReference(), line);
            }
            lines.add(line);
        }
        // a payout object lends its arrival date (and trace id) to its balance transaction, or stands alone
        int position = items.size();
        for (Map.Entry<String, JsonNode> entry : payoutObjects.entrySet()) {
            String path = items.stream().filter(it -> it.node() == entry.getValue()).findFirst().map(Item::path).orElse("$");
            ProcessorLine fromObject = payout(new Item(path, entry.getValue()), ++position);
            ProcessorLine fromBalance = payouts.get(entry.getKey());
            if (fromBalance == null) {
                if (fromObject != null) {
                    lines.add(fromObject);
                }
                continue;
            }
            if (fromObject != null && !fromObject.net().equals(fromBalance.net())) {
                throw new Malformed(path + ".amount", "payout " + entry.getKey() + " is " + fromObject.payoutAmount().toDecimalString()
                        + " but its balance transaction moves " + fromBalance.payoutAmount().toDecimalString());
            }
            lines.set(lines.indexOf(fromBalance), fromObject == null ? fromBalance : new ProcessorLine(PROCESSOR, fromBalance.lineNo(),
                    fromBalance.location(), fromBalance.naturalKey(), null, entry.getKey(), fromBalance.type(), fromBalance.category(),
                    fromBalance.pspReference(), fromObject.merchantReference(), fromBalance.modificationReference(), null,
                    fromBalance.createdAt(), fromBalance.tradeDate(), fromBalance.gross(), fromBalance.net(), null, null, null, null, 0,
                    fromObject.payoutReference(), fromObject.payoutDate(), null));
        }
        return new ProcessorReport(ProcessorReport.STRIPE, lines, List.of());
    }

    private static ProcessorLine balanceTransaction(Item item, int position) {
        JsonNode node = item.node();
        String id = required(item, "id");
        Currency currency = Amounts.currency(required(item, "currency"), item.path() + ".currency", "currency");
        long amount = integer(item, "amount", true);
        long fee = integer(item, "fee", false);
        long net = integer(item, "net", true);
        if (amount - fee != net) {
            throw new Malformed(item.path() + ".net", "net " + net + " is not amount " + amount + " minus fee " + fee);
        }
        Instant created = Instant.ofEpochSecond(integer(item, "created", true));
        String type = required(item, "type");
        String reportingCategory = text(node, "reporting_category");
        LineCategory category = category(reportingCategory != null ? reportingCategory : type);
        String source = null;
        String paymentIntent = null;
        String last4 = null;
        JsonNode sourceNode = node.get("source");
        if (sourceNode != null && sourceNode.isString()) {
            source = sourceNode.stringValue();
        } else if (sourceNode != null && sourceNode.isObject()) {
            source = text(sourceNode, "id");
            paymentIntent = text(sourceNode, "payment_intent");
            JsonNode card = sourceNode.at("/payment_method_details/card");
            String digits = card.isObject() ? text(card, "last4") : null;
            last4 = digits != null && digits.matches("\\d{4}") ? digits : null;
        }
        long stripeFee = 0;
        boolean itemised = false;
        JsonNode details = node.get("fee_details");
        if (details != null && details.isArray()) {
            for (int i = 0; i < details.size(); i++) {
                JsonNode d = details.get(i);
                if ("stripe_fee".equals(text(d, "type"))) {
                    stripeFee += integer(new Item(item.path() + ".fee_details[" + i + "]", d), "amount", true);
                    itemised = true;
                }
            }
        }
        JsonNode availableNode = node.get("available_on");
        LocalDate available = availableNode != null && availableNode.canConvertToLong()
                ? Instant.ofEpochSecond(availableNode.longValue()).atOffset(ZoneOffset.UTC).toLocalDate() : null;
        boolean payout = category == LineCategory.PAYOUT;
        // a payout is keyed by its po_ id, whether it arrives as its balance transaction or as the payout object
        String key = payout && source != null ? PROCESSOR + "|payout|" + source : PROCESSOR + "|" + id;
        return new ProcessorLine(PROCESSOR, position, item.path(), key, null, payout ? source : null,
                type, category, source, paymentIntent, id, null, created, created.atOffset(ZoneOffset.UTC).toLocalDate(),
                new Money(amount, currency), new Money(net, currency), itemised ? stripeFee : fee, null, null, null, fee,
                payout ? source : null, payout ? available : null, last4);
    }

    /** A payout object alone: the money sent to the bank, as its balance transaction would show it (negative). */
    private static ProcessorLine payout(Item item, int position) {
        String id = required(item, "id");
        String status = text(item.node(), "status");
        if ("failed".equals(status) || "canceled".equals(status)) {
            // nothing reaches the bank; the failure's own balance transaction puts the money back
            return null;
        }
        Currency currency = Amounts.currency(required(item, "currency"), item.path() + ".currency", "currency");
        long amount = integer(item, "amount", true);
        Instant created = Instant.ofEpochSecond(integer(item, "created", true));
        LocalDate arrival = Instant.ofEpochSecond(integer(item, "arrival_date", true)).atOffset(ZoneOffset.UTC).toLocalDate();
        JsonNode trace = item.node().at("/trace_id/value");
        String traceId = trace.isString() ? trace.stringValue() : null;
        return new ProcessorLine(PROCESSOR, position, item.path(), PROCESSOR + "|payout|" + id, null, id, "payout", LineCategory.PAYOUT, id,
                traceId, text(item.node(), "balance_transaction"), null, created, created.atOffset(ZoneOffset.UTC).toLocalDate(),
                new Money(-amount, currency), new Money(-amount, currency), null, null, null, null, 0, id, arrival, null);
    }

    /** Stripe's reporting categories (or, without one, the transaction type). */
    static LineCategory category(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "charge", "payment" -> LineCategory.SETTLED;
            case "refund", "payment_refund", "partial_capture_reversal" -> LineCategory.REFUND;
            case "refund_failure", "payment_failure_refund" -> LineCategory.REFUND_REVERSAL;
            case "dispute" -> LineCategory.CHARGEBACK;
            case "dispute_reversal" -> LineCategory.CHARGEBACK_REVERSAL;
            case "fee", "stripe_fee", "application_fee", "tax" -> LineCategory.FEE;
            case "payout" -> LineCategory.PAYOUT;
            default -> LineCategory.OTHER;
        };
    }

    private static String required(Item item, String field) {
        String value = text(item.node(), field);
        if (value == null || value.isBlank()) {
            throw new Malformed(item.path() + "." + field, "is required");
        }
        return value;
    }

    private static long integer(Item item, String field, boolean required) {
        JsonNode value = item.node().get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Malformed(item.path() + "." + field, "is required");
            }
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Malformed(item.path() + "." + field, "must be an integer (Stripe amounts are in minor units), not " + value);
        }
        return value.longValue();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private record Item(String path, JsonNode node) {
    }
}
