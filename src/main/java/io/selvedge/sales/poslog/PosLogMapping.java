package io.selvedge.sales.poslog;

import io.selvedge.contract.Contract;
import io.selvedge.sales.TransactionRequest;
import io.selvedge.shared.CardNumbers;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one POSLog {@code Transaction} (ARTS/NRF, v2.1 to v6, and the dialects of roqqio, NCR ACS and Visma Retail) to
 * the canonical POS transaction of {@code POST /api/v1/pos/transactions}. Plain Java: the contract's stores and the
 * catalogue come in as functions. docs/formats/poslog.md lists every element read and how it maps; the rules that
 * need a reason:
 * <ul>
 *   <li>the transaction id is {@code <location>:<workstation>:<sequence>} (digits without leading zeros), so a
 *       {@code TransactionLink} to the same store, workstation and sequence names the same transaction;</li>
 *   <li>a line's number is its {@code LineItem/SequenceNumber}, which is what a link's {@code LineItemSequenceNumber} names;</li>
 *   <li>amounts are exact decimals read from the text ("27.000", "2.5E1"), never a double; a figure with more decimals than
 *       the currency allows is refused, not rounded;</li>
 *   <li>the canonical model puts tax on top of the price; a POS whose prices include VAT (the grand total equals the lines
 *       without adding the tax) is mapped to the net unit price plus the tax, so the total paid is unchanged.</li>
 * </ul>
 */
final class PosLogMapping {

    /** Statuses of a completed transaction; any other posts nothing. A missing status is a completed one (v2.1, roqqio). */
    private static final Set<String> COMPLETED = Set.of("finished", "totaled", "tendered", "delivered", "completed", "complete");
    private static final Set<String> VOIDING = Set.of("voided", "void", "postvoid", "postvoided");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");
    private static final Pattern DATE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern ID_PART = Pattern.compile("[A-Za-z0-9._/-]{1,40}");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final Function<String, Optional<Contract.Location>> stores;
    private final Function<String, Optional<String>> skus;

    /**
     * @param stores a POSLog store id to its contract location ({@link Contract#locationByPosLogId})
     * @param skus   an {@code ItemID} (a GTIN or a SKU) to the SKU in the catalogue
     */
    PosLogMapping(Function<String, Optional<Contract.Location>> stores, Function<String, Optional<String>> skus) {
        this.stores = stores;
        this.skus = skus;
    }

    Mapped map(XmlNode transaction) {
        Transaction t = new Transaction(transaction);
        try {
            return t.map();
        } catch (Refusal r) {
            return new Mapped.Refuse(t.transactionId, r.code, r.path, Pans.mask(r.getMessage()));
        }
    }

    /** Why an element cannot be mapped; carries its path. Cheap: no stack trace. */
    static final class Refusal extends RuntimeException {

        final String path;
        final ErrorCode code;

        Refusal(String path, String message) {
            this(path, message, ErrorCode.VALIDATION);
        }

        Refusal(String path, String message, ErrorCode code) {
            super(message, null, false, false);
            this.path = path;
            this.code = code;
        }
    }

    static Refusal refusal(XmlNode at, String message) {
        return new Refusal(at.path(), message);
    }

    /** A decimal from an element's text, exactly ("27.000", "-1.0000", "2.5E1"); refused when not a number or absurdly large. */
    static BigDecimal decimal(XmlNode node) {
        String text = node.text();
        if (text == null) {
            throw refusal(node, "is empty: a number is required");
        }
        if (text.length() > 40 || !DECIMAL.matcher(text).matches()) {
            throw refusal(node, "'" + shorten(text) + "' is not a decimal number");
        }
        BigDecimal value = new BigDecimal(text).stripTrailingZeros();
        // an exponent such as 1E999 would cost memory to scale: real amounts have at most 15 integer digits
        if (value.precision() - value.scale() > 15 || value.scale() > 20) {
            throw refusal(node, "'" + shorten(text) + "' is out of range");
        }
        return value;
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    /** Splits {@code total} over {@code weights} in proportion, to the minor unit, largest remainders first; sums exactly. */
    static long[] prorate(long total, long[] weights) {
        long[] shares = new long[weights.length];
        BigInteger sum = BigInteger.ZERO;
        for (long w : weights) {
            sum = sum.add(BigInteger.valueOf(w));
        }
        if (weights.length == 0) {
            return shares;
        }
        if (sum.signum() == 0) {
            shares[0] = total;
            return shares;
        }
        BigInteger[] remainders = new BigInteger[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr = BigInteger.valueOf(total).multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(sum);
            shares[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += shares[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainders[i].compareTo(remainders[best]) > 0) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = BigInteger.valueOf(-1);
        }
        return shares;
    }

    /** Digits lose their leading zeros ("0034" is "34"), so a link and its original spell the same id. */
    static String normalised(String id) {
        String s = id.strip();
        return s.matches("\\d+") ? s.replaceFirst("^0+(?=\\d)", "") : s;
    }

    /** One merchandise line as read, before tax and transaction discounts are spread. */
    private static final class Line {
        int lineNo;
        XmlNode lineItem;
        XmlNode element;
        XmlNode itemNode;
        XmlNode quantityNode;
        XmlNode priceNode;
        XmlNode discountNode;
        XmlNode taxNode;
        XmlNode linkNode;
        String sku;
        long quantity;
        boolean returned;
        long gross;
        long discount;
        Long tax;
        TransactionRequest.ReturnOf returnOf;
        String condition;
        String operatorSequence;

        long paid() {
            return gross - discount;
        }
    }

    private record Tender(String type, String brand, long amount, String reference, String last4, XmlNode node, XmlNode amountNode) {
    }

    /** The reading of one transaction. */
    private final class Transaction {

        private final XmlNode tx;
        private final Map<String, String> sources = new LinkedHashMap<>();
        private XmlNode retail;
        private XmlNode storeNode;
        private XmlNode workstationNode;
        private XmlNode sequenceNode;
        private Contract.Location location;
        private String workstation;
        private String transactionId;
        private Currency currency;

        Transaction(XmlNode tx) {
            this.tx = tx;
        }

        Mapped map() {
            identify();
            retail = tx.child("RetailTransaction").orElse(null);
            String skipped = skipReason();
            if (skipped != null) {
                return new Mapped.Skip(transactionId, skipped);
            }
            requireIdentity();
            XmlNode timeNode = firstOf(tx.child("EndDateTime"), retail.child("ReceiptDateTime"), tx.child("ReceiptDateTime"),
                    tx.child("BeginDateTime"), tx.child("POSLogDateTime"))
                    .orElseThrow(() -> refusal(tx, "EndDateTime (or BeginDateTime) is required: when the transaction happened"));
            Instant occurredAt = instant(timeNode, location.zone());
            sources.put("occurredAt", timeNode.path());
            LocalDate businessDay = businessDay(occurredAt, timeNode);
            currency = currency();
            String operator = tx.text("OperatorID");

            Optional<XmlNode> voidLink = postVoidLink();
            if (voidLink.isPresent()) {
                sources.put("voidOf", voidLink.get().path());
                sources.put("lines", retail.path());
                return post(new TransactionRequest(transactionId, location.code(), workstation, businessDay, occurredAt, "VOID",
                        currency.getCurrencyCode(), null, null, List.of(), List.of(), null, linkedId(voidLink.get()),
                        null, null, null, null), List.of());
            }

            List<Line> lines = new ArrayList<>();
            List<Tender> tenders = new ArrayList<>();
            List<XmlNode> voided = new ArrayList<>();
            List<XmlNode> discounts = new ArrayList<>();
            List<XmlNode> rewards = new ArrayList<>();
            List<XmlNode> taxItems = new ArrayList<>();
            Set<Integer> lineNos = new HashSet<>();
            List<XmlNode> items = retail.children("LineItem");
            for (int i = 0; i < items.size(); i++) {
                XmlNode item = items.get(i);
                int lineNo = lineNo(item, i + 1);
                boolean isVoided = item.flag("VoidFlag") || item.flag("CancelFlag");
                Optional<XmlNode> merchandise = firstOf(item.child("Sale"), item.child("Return"));
                if (merchandise.isPresent()) {
                    if (!lineNos.add(lineNo)) {
                        throw refusal(item.child("SequenceNumber").orElse(item), "repeats line item number " + lineNo);
                    }
                    if (isVoided) {
                        voided.add(item);
                    } else {
                        lines.add(line(item, merchandise.get(), lineNo));
                    }
                    continue;
                }
                if (isVoided) {
                    continue; // a voided tender, discount or reward counts for nothing
                }
                item.child("Tender").ifPresent(tender -> tender(tender, tenders));
                item.child("TenderChange").ifPresent(change -> change(change, "CASH", tenders));
                item.child("Rounding").ifPresent(rounding -> rounding(rounding, "CASH", tenders));
                item.child("Discount").ifPresent(discounts::add);
                item.child("LoyaltyReward").ifPresent(rewards::add);
                item.child("Tax").ifPresent(taxItems::add);
            }
            if (lines.isEmpty()) {
                return new Mapped.Skip(transactionId, voided.isEmpty()
                        ? "no Sale or Return line item: nothing for the ledger (a tender-only or paid-in/out transaction)"
                        : "every Sale or Return line item is voided (VoidFlag): nothing to post");
            }
            rewards.forEach(reward -> reward(reward, lines));
            spreadDiscounts(discounts, lines);
            long tendered = tenders.stream().mapToLong(Tender::amount).sum();
            boolean taxIncluded = spreadTax(lines, taxItems, tendered);

            List<TransactionRequest.Line> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                out.add(canonical(lines.get(i), i, taxIncluded));
            }
            List<TransactionRequest.Tender> tenderOut = new ArrayList<>();
            for (int i = 0; i < tenders.size(); i++) {
                Tender tender = tenders.get(i);
                sources.put("tenders[" + i + "]", tender.node().path());
                sources.put("tenders[" + i + "].amount", tender.amountNode().path());
                tenderOut.add(new TransactionRequest.Tender(tender.type(), tender.brand(), money(tender.amount()), tender.reference(), tender.last4()));
            }
            sources.put("tenders", retail.path());
            sources.put("lines", retail.path());
            sources.put("type", retail.path());
            boolean anyReturned = lines.stream().anyMatch(l -> l.returned);
            boolean anySold = lines.stream().anyMatch(l -> !l.returned);
            String type = anyReturned && anySold ? "EXCHANGE" : anyReturned ? "RETURN" : "SALE";

            List<TransactionRequest.Override> overrides = new ArrayList<>();
            List<Integer> voidedLines = new ArrayList<>();
            for (XmlNode item : voided) {
                int lineNo = lineNo(item, items.indexOf(item) + 1);
                voidedLines.add(lineNo);
                if (operator != null) {
                    // DESIGN: voids are kept in the audit trail; the operator who rang the void is the one who approved it
                    sources.put("overrides[" + overrides.size() + "]", item.path());
                    overrides.add(new TransactionRequest.Override("VOID", null, operator, "line item " + lineNo + " voided at the till"));
                }
            }
            TransactionRequest request = new TransactionRequest(transactionId, location.code(), workstation, businessDay, occurredAt, type,
                    currency.getCurrencyCode(), null, customer(), out, tenderOut, overrides.isEmpty() ? null : overrides, null,
                    null, null, null, null);
            return post(request, voidedLines);
        }

        private Mapped post(TransactionRequest request, List<Integer> voidedLines) {
            return new Mapped.Post(transactionId, request, sources, voidedLines);
        }

        // ---- identity and what posts nothing ------------------------------------------------------------------------

        private void identify() {
            storeNode = tx.child("BusinessUnit").map(unit -> unit.child("UnitID").orElse(unit)).or(() -> tx.child("RetailStoreID")).orElse(null);
            workstationNode = tx.child("WorkstationID").orElse(null);
            sequenceNode = tx.child("SequenceNumber").orElse(null);
            String storeId = storeNode == null ? null : storeNode.text();
            location = storeId == null ? null : stores.apply(storeId).orElse(null);
            workstation = workstationNode == null || workstationNode.text() == null ? null : normalised(workstationNode.text());
            String sequence = sequenceNode == null || sequenceNode.text() == null ? null : normalised(sequenceNode.text());
            if (location != null && workstation != null && sequence != null && ID_PART.matcher(workstation).matches()
                    && ID_PART.matcher(sequence).matches()) {
                transactionId = location.code() + ":" + workstation + ":" + sequence;
            }
        }

        private String skipReason() {
            if (tx.flag("TrainingModeFlag")) {
                return "TrainingModeFlag is set: a training transaction posts nothing";
            }
            if (tx.flag("CancelFlag")) {
                return "CancelFlag is set: a canceled transaction posts nothing";
            }
            if (retail == null) {
                List<String> kinds = tx.children().stream().filter(XmlNode::isArts).map(XmlNode::localName)
                        .filter(n -> n.endsWith("Transaction") || n.endsWith("Log")).distinct().toList();
                return kinds.isEmpty() ? "holds no RetailTransaction: nothing to post"
                        : String.join(", ", kinds) + " has no sales effect (sign-on, drawer, tender control): nothing to post";
            }
            String status = status();
            if (status == null || COMPLETED.contains(status.toLowerCase(Locale.ROOT))) {
                return null;
            }
            if (VOIDING.contains(status.toLowerCase(Locale.ROOT)) && postVoidLink().isPresent()) {
                return null; // a post-void: it names the transaction it reverses
            }
            if (XmlNode.equalsIgnoringCase(status, "Canceled", "Cancelled", "Voided", "Void")) {
                return "TransactionStatus " + status + ": a canceled or voided transaction posts nothing";
            }
            if (XmlNode.equalsIgnoringCase(status, "PostVoided")) {
                return "TransactionStatus PostVoided: it was voided after it completed, and the voiding transaction names it";
            }
            return "TransactionStatus " + status + ": only a completed (Finished) transaction posts";
        }

        private String status() {
            String status = retail.attribute("TransactionStatus");
            return status != null ? status : retail.text("TransactionStatus");
        }

        private void requireIdentity() {
            if (storeNode == null) {
                throw refusal(tx, "BusinessUnit/UnitID (or RetailStoreID) is required: it names the store");
            }
            if (storeNode.text() == null) {
                throw refusal(storeNode, "is empty: it names the store");
            }
            if (location == null) {
                throw refusal(storeNode, "'" + shorten(storeNode.text()) + "' names no location in the contract (neither a location code "
                        + "nor in a location's posLogIds)");
            }
            sources.put("store", storeNode.path());
            if (workstationNode == null || workstationNode.text() == null) {
                throw refusal(workstationNode == null ? tx : workstationNode, "WorkstationID is required: with the store and the sequence "
                        + "number it identifies the transaction");
            }
            if (!ID_PART.matcher(workstation).matches()) {
                throw refusal(workstationNode, "must be 1 to 40 letters, digits, '.', '_', '/' or '-'");
            }
            sources.put("register", workstationNode.path());
            if (sequenceNode == null || sequenceNode.text() == null) {
                throw refusal(sequenceNode == null ? tx : sequenceNode, "SequenceNumber is required: with the store and the workstation it "
                        + "identifies the transaction");
            }
            if (transactionId == null) {
                throw refusal(sequenceNode, "must be 1 to 40 letters, digits, '.', '_', '/' or '-'");
            }
            sources.put("transactionId", sequenceNode.path());
        }

        /** The link of a post-void: a TransactionLink whose ReasonCode says void, or a PostVoided transaction's link with no reason. */
        private Optional<XmlNode> postVoidLink() {
            List<XmlNode> links = new ArrayList<>(retail.children("TransactionLink"));
            links.addAll(tx.children("TransactionLink"));
            for (XmlNode link : links) {
                String reason = link.attribute("ReasonCode");
                if (reason != null && VOIDING.contains(reason.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""))) {
                    return Optional.of(link);
                }
            }
            // a PostVoided transaction's link without a reason is the one it voids; a Return or Exchange link never is
            String status = status();
            if (status != null && XmlNode.equalsIgnoringCase(status, "PostVoided", "PostVoid", "Voiding")) {
                return links.stream().filter(link -> link.attribute("ReasonCode") == null).findFirst();
            }
            return Optional.empty();
        }

        /** The id of the transaction a TransactionLink names: its store (this one by default), workstation (likewise) and sequence. */
        private String linkedId(XmlNode link) {
            XmlNode store = link.child("BusinessUnit").map(unit -> unit.child("UnitID").orElse(unit)).or(() -> link.child("RetailStoreID"))
                    .orElse(null);
            Contract.Location linked = location;
            if (store != null && store.text() != null) {
                linked = stores.apply(store.text()).orElseThrow(() -> refusal(store, "'" + shorten(store.text())
                        + "' names no location in the contract (neither a location code nor in a location's posLogIds)"));
            }
            String ws = link.text("WorkstationID");
            ws = ws == null ? workstation : normalised(ws);
            XmlNode sequence = link.child("SequenceNumber").orElseThrow(() -> refusal(link, "SequenceNumber is required: it names the "
                    + "original transaction"));
            if (sequence.text() == null || !ID_PART.matcher(normalised(sequence.text())).matches() || !ID_PART.matcher(ws).matches()) {
                throw refusal(sequence, "must be 1 to 40 letters, digits, '.', '_', '/' or '-'");
            }
            return linked.code() + ":" + ws + ":" + normalised(sequence.text());
        }

        // ---- time, day, currency ------------------------------------------------------------------------------------

        /** With an offset ("...Z", "+02:00") an instant as written; without one, a wall-clock time in the store's zone. */
        private Instant instant(XmlNode node, ZoneId zone) {
            String text = node.text();
            if (text != null) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException withoutOffset) {
                    try {
                        return ZonedDateTime.parse(text, LOCAL.withZone(zone)).toInstant();
                    } catch (DateTimeParseException notATime) {
                        // refused below
                    }
                }
            }
            throw refusal(node, "'" + (text == null ? "" : shorten(text)) + "' is not a date-time such as 2024-07-31T09:46:13Z");
        }

        /** BusinessDayDate (as text, or its Date child); when missing, the store's date of the transaction. */
        private LocalDate businessDay(Instant occurredAt, XmlNode timeNode) {
            Optional<XmlNode> day = tx.child("BusinessDayDate");
            if (day.isEmpty()) {
                sources.put("businessDay", timeNode.path());
                return occurredAt.atZone(location.zone()).toLocalDate();
            }
            XmlNode node = day.get().child("Date").orElse(day.get());
            sources.put("businessDay", node.path());
            Matcher m = DATE.matcher(node.text() == null ? "" : node.text());
            try {
                if (m.find()) {
                    return LocalDate.parse(m.group(1));
                }
            } catch (DateTimeParseException e) {
                // refused below
            }
            throw refusal(node, "must be a date such as 2024-07-31");
        }

        /** CurrencyCode; without it (roqqio) the currency the amounts carry, XXX (no currency) aside. */
        private Currency currency() {
            Optional<XmlNode> code = firstOf(tx.child("CurrencyCode"), retail.child("CurrencyCode"));
            String text = code.map(XmlNode::text).orElse(null);
            String from = code.map(XmlNode::path).orElse(null);
            if (text == null) {
                XmlNode carrying = findCurrency(retail);
                if (carrying != null) {
                    text = carrying.attribute("Currency") != null ? carrying.attribute("Currency") : carrying.attribute("CurrencyCode");
                    from = carrying.path();
                }
            }
            if (text == null) {
                throw refusal(tx, "CurrencyCode is required (or a Currency on the amounts)");
            }
            sources.put("currency", from);
            try {
                return Currency.getInstance(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Refusal(from, "'" + shorten(text) + "' is not an ISO 4217 currency code");
            }
        }

        private XmlNode findCurrency(XmlNode node) {
            for (XmlNode child : node.children()) {
                for (String name : List.of("Currency", "CurrencyCode")) {
                    String value = child.attribute(name);
                    if (value != null && !value.isBlank() && !value.equalsIgnoreCase("XXX")) {
                        return child;
                    }
                }
                XmlNode deeper = findCurrency(child);
                if (deeper != null) {
                    return deeper;
                }
            }
            return null;
        }

        /** An amount in minor units of the transaction's currency; XXX (no currency) only on a zero. */
        private long minor(XmlNode node) {
            BigDecimal value = decimal(node);
            String carried = node.attribute("Currency") != null ? node.attribute("Currency") : node.attribute("CurrencyCode");
            if (carried != null && !carried.isBlank() && !carried.equalsIgnoreCase(currency.getCurrencyCode())
                    && !(carried.equalsIgnoreCase("XXX") && value.signum() == 0)) {
                throw refusal(node, "is in " + shorten(carried) + ", but the transaction is in " + currency.getCurrencyCode());
            }
            try {
                return value.setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
            } catch (ArithmeticException e) {
                throw refusal(node, "'" + node.text() + "' has more decimals than " + currency.getCurrencyCode() + " allows ("
                        + currency.getDefaultFractionDigits() + "); amounts are never rounded");
            }
        }

        private String money(long minor) {
            return new Money(minor, currency).toDecimalString();
        }

        // ---- line items ---------------------------------------------------------------------------------------------

        private int lineNo(XmlNode item, int position) {
            Optional<XmlNode> sequence = item.child("SequenceNumber");
            if (sequence.isEmpty()) {
                return position;
            }
            BigDecimal n = decimal(sequence.get());
            if (n.scale() > 0 || n.signum() <= 0 || n.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                throw refusal(sequence.get(), "must be a positive whole number");
            }
            return n.intValueExact();
        }

        /** A Sale or Return line item. A Sale with a negative quantity or roqqio's SalesMode RETOUR is a return too. */
        private Line line(XmlNode item, XmlNode element, int lineNo) {
            Line line = new Line();
            line.lineNo = lineNo;
            line.lineItem = item;
            line.element = element;
            resolveItem(line);

            line.quantityNode = element.child("Quantity").orElse(null);
            long quantity = 1;
            if (line.quantityNode != null) {
                BigDecimal q = decimal(line.quantityNode);
                if (q.scale() > 0) {
                    throw refusal(line.quantityNode, q.toPlainString() + " is not a whole number of units: weighed or measured items are not "
                            + "supported (apparel is counted in units)");
                }
                if (q.signum() == 0 || q.abs().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                    throw refusal(line.quantityNode, "must be a whole number of units other than zero");
                }
                quantity = q.longValueExact();
            }
            String mode = element.extensionText("SalesMode");
            line.returned = element.is("Return") || quantity < 0 || XmlNode.equalsIgnoringCase(mode, "RETOUR", "RETURN");
            line.quantity = Math.abs(quantity);

            Optional<XmlNode> extended = element.child("ExtendedAmount");
            Optional<XmlNode> unit = firstOf(element.child("ActualSalesUnitPrice"), element.child("RegularSalesUnitPrice"));
            if (extended.isPresent()) {
                line.priceNode = extended.get();
                line.gross = Math.abs(minor(extended.get()));
            } else if (unit.isPresent()) {
                line.priceNode = unit.get();
                line.gross = Math.multiplyExact(Math.abs(minor(unit.get())), line.quantity);
            } else {
                throw refusal(element, "has no ExtendedAmount nor ActualSalesUnitPrice: the price is required");
            }

            List<XmlNode> modifiers = element.children("RetailPriceModifier").stream().filter(m -> !m.flag("VoidFlag")).toList();
            if (!modifiers.isEmpty()) {
                long off = 0;
                for (XmlNode modifier : modifiers) {
                    XmlNode amount = modifier.child("Amount").orElseThrow(() -> refusal(modifier, "has no Amount: a percentage alone "
                            + "cannot be checked against what was paid"));
                    long value = Math.abs(minor(amount));
                    off += XmlNode.equalsIgnoringCase(amount.attribute("Action"), "Add") ? -value : value;
                }
                line.discountNode = modifiers.get(0);
                // ARTS writers differ: the modifiers either explain Regular -> Actual (already in the extended amount) or come off it
                Optional<XmlNode> regular = element.child("RegularSalesUnitPrice");
                if (regular.isPresent() && Math.multiplyExact(Math.abs(minor(regular.get())), line.quantity) - off == line.gross) {
                    line.gross = Math.multiplyExact(Math.abs(minor(regular.get())), line.quantity);
                }
                line.discount = off;
            } else {
                Optional<XmlNode> discount = firstOf(element.child("ExtendedDiscountAmount"), element.child("DiscountAmount"));
                if (discount.isPresent()) {
                    line.discountNode = discount.get();
                    line.discount = Math.abs(minor(discount.get()));
                }
            }
            if (line.discount < 0 || line.discount > line.gross) {
                throw refusal(line.discountNode, "comes to more than the line's amount (or adds to it)");
            }
            element.child("Rounding").ifPresent(rounding -> {
                if (minor(rounding) != 0) {
                    throw refusal(rounding, "a line's own rounding is not supported: send it as the tender's Rounding");
                }
            });

            List<XmlNode> taxes = element.children("Tax");
            if (!taxes.isEmpty()) {
                long tax = 0;
                for (XmlNode t : taxes) {
                    XmlNode amount = t.child("Amount").orElseThrow(() -> refusal(t, "has no Amount"));
                    tax += Math.abs(minor(amount));
                }
                line.tax = tax;
                line.taxNode = taxes.get(0);
            }

            Optional<XmlNode> link = firstOf(element.child("TransactionLink"), item.child("TransactionLink"));
            if (line.returned && link.isPresent()) {
                line.linkNode = link.get();
                XmlNode originalLine = link.get().child("LineItemSequenceNumber").orElseThrow(() -> refusal(link.get(),
                        "LineItemSequenceNumber is required: it names the line of the original transaction given back"));
                BigDecimal n = decimal(originalLine);
                if (n.scale() > 0 || n.signum() <= 0 || n.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                    throw refusal(originalLine, "must be a positive whole number");
                }
                line.returnOf = new TransactionRequest.ReturnOf(linkedId(link.get()), n.intValueExact());
            }
            if (line.returned) {
                String disposal = firstText(element, "Disposal", "ReturnDisposition", "ItemCondition");
                if (disposal != null && disposal.toLowerCase(Locale.ROOT).matches(".*(damag|defect|scrap|destroy).*")) {
                    line.condition = "DAMAGED";
                }
            }
            line.operatorSequence = element.extensionText("OperatorSequence");
            return line;
        }

        /** ItemID, then each POSIdentity/POSItemID (GTINs first): the first that is a GTIN or a SKU in the catalogue. */
        private void resolveItem(Line line) {
            List<XmlNode> candidates = new ArrayList<>();
            line.element.child("ItemID").ifPresent(candidates::add);
            List<XmlNode> identities = line.element.children("POSIdentity");
            identities.stream().filter(p -> XmlNode.equalsIgnoringCase(p.attribute("POSIDType"), "GTIN", "EAN", "UPC"))
                    .forEach(p -> p.child("POSItemID").ifPresent(candidates::add));
            identities.stream().filter(p -> !XmlNode.equalsIgnoringCase(p.attribute("POSIDType"), "GTIN", "EAN", "UPC"))
                    .forEach(p -> p.child("POSItemID").ifPresent(candidates::add));
            if (candidates.isEmpty()) {
                throw refusal(line.element, "has no ItemID nor POSIdentity/POSItemID: the item is required");
            }
            for (XmlNode candidate : candidates) {
                String id = candidate.text();
                if (id != null && id.length() <= 64) {
                    Optional<String> sku = skus.apply(id);
                    if (sku.isPresent()) {
                        line.sku = sku.get();
                        line.itemNode = candidate;
                        return;
                    }
                }
            }
            XmlNode first = candidates.get(0);
            throw refusal(first, "'" + shorten(first.text() == null ? "" : first.text()) + "' matches no GTIN or SKU in the catalogue"
                    + (candidates.size() > 1 ? " (nor do the other identifiers of the item)" : ""));
        }

        // ---- tenders ------------------------------------------------------------------------------------------------

        /** A Tender: signed from the store's side (TypeCode Refund pays out), with its change and rounding inside it. */
        private void tender(XmlNode tender, List<Tender> tenders) {
            String kind = tender.attribute("TenderType");
            if (kind == null) {
                kind = tender.text("TenderType");
            }
            Optional<XmlNode> amountNode = tender.child("Amount");
            if (kind == null && amountNode.isEmpty()) {
                tender.child("Rounding").ifPresent(rounding -> rounding(rounding, "CASH", tenders)); // Visma: a rounding line alone
                return;
            }
            if (kind == null) {
                throw refusal(tender, "TenderType is required");
            }
            String type = tenderType(kind).orElseThrow(() -> refusal(tender, "TenderType '" + shorten(tender.attribute("TenderType") == null
                    ? tender.text("TenderType") : tender.attribute("TenderType")) + "' has no canonical tender (CASH, CARD, GIFT_CARD, STORE_CREDIT)"));
            XmlNode amount = amountNode.orElseThrow(() -> refusal(tender, "Amount is required"));
            long value = minor(amount);
            if (XmlNode.equalsIgnoringCase(tender.attribute("TypeCode"), "Refund")) {
                value = -Math.abs(value);
            }
            refuseCardNumbers(tender);
            String brand = null;
            String last4 = null;
            String reference = null;
            if (type.equals("CARD")) {
                Optional<XmlNode> card = tender.child("CreditDebit");
                brand = card.map(c -> c.attribute("CardType")).map(PosLogMapping::brand).orElse("UNKNOWN");
                last4 = card.flatMap(c -> firstOf(c.child("PrimaryAccountNumber"), c.child("MaskedPrimaryAccountNumber")))
                        .map(XmlNode::text).filter(pan -> pan.matches(".*\\d{4}")).map(pan -> pan.substring(pan.length() - 4)).orElse(null);
            }
            Optional<XmlNode> authorization = tender.child("Authorization");
            // a refund's own authorization is not the payment it goes back to: it is found by brand and last four instead
            if (authorization.isPresent() && value >= 0) {
                reference = firstText(authorization.get(), "ReferenceNumber", "AuthorizationCode");
            }
            if (reference != null && reference.length() > 64) {
                reference = reference.substring(0, 64);
            }
            tenders.add(new Tender(type, brand, value, reference, last4, tender, amount));
            tender.child("TenderChange").ifPresent(change -> change(change, type, tenders));
            tender.child("Rounding").ifPresent(rounding -> rounding(rounding, type, tenders));
        }

        /**
         * A full card number in a tender (a POS that logs the PAN) refuses the transaction, as the JSON API refuses it
         * (API.md): it is never stored, and the answer names the element, never the number.
         */
        private void refuseCardNumbers(XmlNode node) {
            for (XmlNode child : node.children()) {
                String text = child.text();
                if (text != null && CardNumbers.containsCardNumber(text)) {
                    throw new Refusal(child.path(), "holds a full card number: send only the last four digits (masked) and the "
                            + "processor's reference", ErrorCode.CARD_NUMBER_REFUSED);
                }
                refuseCardNumbers(child);
            }
        }

        /** Change given back: money out, so a negative tender (DESIGN: Σ tenders − change = what the lines come to). */
        private void change(XmlNode change, String defaultType, List<Tender> tenders) {
            XmlNode inner = change.child("TenderChange").orElse(change); // roqqio nests the typed change inside another
            XmlNode amount = firstOf(inner.child("Amount"), change.child("Amount")).orElse(null);
            if (amount != null) {
                String kind = inner.attribute("TenderType") != null ? inner.attribute("TenderType") : change.attribute("TenderType");
                String type = kind == null ? defaultType : tenderType(kind).orElseThrow(() -> refusal(inner,
                        "TenderType '" + shorten(kind) + "' has no canonical tender (CASH, CARD, GIFT_CARD, STORE_CREDIT)"));
                long value = Math.abs(minor(amount));
                if (value != 0) {
                    tenders.add(new Tender(type, type.equals("CARD") ? "UNKNOWN" : null, -value, null, null, inner, amount));
                }
            }
            change.child("Rounding").ifPresent(rounding -> rounding(rounding, defaultType, tenders));
        }

        /**
         * Cash rounding: the customer paid the rounded total, so the tender carries the difference back. Up (paid more) is a
         * negative adjustment, Down a positive one; without a direction the figure is what the total was rounded by.
         */
        private void rounding(XmlNode rounding, String type, List<Tender> tenders) {
            long value = minor(rounding);
            if (value == 0) {
                return;
            }
            String direction = rounding.attribute("RoundingDirection");
            long adjustment = XmlNode.equalsIgnoringCase(direction, "Up") ? -Math.abs(value)
                    : XmlNode.equalsIgnoringCase(direction, "Down") ? Math.abs(value) : -value;
            tenders.add(new Tender(type, type.equals("CARD") ? "UNKNOWN" : null, adjustment, null, null, rounding, rounding));
        }

        // ---- discounts and tax --------------------------------------------------------------------------------------

        /**
         * NCR ACS monetary rewards: the per-item record (acs:OperatorSequenceReference naming the line's acs:OperatorSequence)
         * is the line's discount; the transaction-level summary of the same reward (reference 0) would count it twice.
         */
        private void reward(XmlNode reward, List<Line> lines) {
            if (!XmlNode.equalsIgnoringCase(reward.extensionText("RewardCategory"), "Monetary")) {
                return;
            }
            Optional<XmlNode> amount = reward.extension("ExtendedRewardAmount");
            String reference = reward.extensionText("OperatorSequenceReference");
            if (amount.isEmpty() || reference == null || reference.equals("0")) {
                return;
            }
            long value = Math.abs(minor(amount.get()));
            for (Line line : lines) {
                if (reference.equals(line.operatorSequence) && !line.returned) {
                    if (line.discount + value > line.gross) {
                        throw refusal(amount.get(), "takes more off line " + line.lineNo + " than it costs");
                    }
                    line.discount += value;
                    line.discountNode = amount.get();
                    return;
                }
            }
        }

        /** Transaction-level Discount line items, spread over the sold lines in proportion to what each comes to. */
        private void spreadDiscounts(List<XmlNode> discounts, List<Line> lines) {
            List<Line> sold = lines.stream().filter(l -> !l.returned).toList();
            for (XmlNode discount : discounts) {
                XmlNode amount = discount.child("Amount").orElseThrow(() -> refusal(discount, "has no Amount: a percentage alone cannot "
                        + "be checked against what was paid"));
                long value = Math.abs(minor(amount));
                if (value == 0) {
                    continue;
                }
                if (sold.isEmpty()) {
                    throw refusal(discount, "a discount needs a sold line to come off");
                }
                long[] shares = prorate(value, sold.stream().mapToLong(Line::paid).toArray());
                for (int i = 0; i < sold.size(); i++) {
                    Line line = sold.get(i);
                    if (line.discount + shares[i] > line.gross) {
                        throw refusal(amount, "takes more off the lines than they cost");
                    }
                    line.discount += shares[i];
                    if (shares[i] != 0) {
                        line.discountNode = amount;
                    }
                }
            }
        }

        /**
         * Gives each line its tax: its own Tax elements, else the transaction's TaxAmount spread in proportion. Returns
         * whether the prices include the tax (VAT): the grand total, or failing it the tenders, equal the lines without it.
         */
        private boolean spreadTax(List<Line> lines, List<XmlNode> taxItems, long tendered) {
            Optional<XmlNode> taxTotal = total("TransactionTaxAmount");
            if (lines.stream().noneMatch(l -> l.tax != null)) {
                long total = 0;
                XmlNode from = null;
                if (taxTotal.isPresent()) {
                    total = Math.abs(minor(taxTotal.get()));
                    from = taxTotal.get();
                } else {
                    for (XmlNode tax : taxItems) {
                        XmlNode amount = tax.child("Amount").orElseThrow(() -> refusal(tax, "has no Amount"));
                        total += Math.abs(minor(amount));
                        from = tax;
                    }
                }
                if (total != 0 && lines.stream().map(l -> l.returned).distinct().count() > 1) {
                    throw refusal(from, "the tax of an exchange must be given per line (Sale/Tax, Return/Tax): a total cannot be split "
                            + "between lines given back and lines sold");
                }
                long[] shares = prorate(total, lines.stream().mapToLong(Line::paid).toArray());
                for (int i = 0; i < lines.size(); i++) {
                    lines.get(i).tax = shares[i];
                    lines.get(i).taxNode = from;
                }
            }
            for (Line line : lines) {
                if (line.tax == null) {
                    line.tax = 0L;
                }
            }
            long net = 0;
            long tax = 0;
            for (Line line : lines) {
                int sign = line.returned ? -1 : 1;
                net += sign * line.paid();
                tax += sign * line.tax;
            }
            if (tax == 0) {
                return false;
            }
            Optional<XmlNode> grand = total("TransactionGrandAmount");
            List<Long> references = new ArrayList<>();
            if (grand.isPresent()) {
                references.add(minor(grand.get()));
            }
            references.add(tendered);
            for (long reference : references) {
                if (reference == net) {
                    return true;
                }
                if (reference == net + tax) {
                    return false;
                }
            }
            return false;
        }

        private Optional<XmlNode> total(String type) {
            return retail.children("Total").stream().filter(t -> type.equalsIgnoreCase(t.attribute("TotalType"))).findFirst();
        }

        /** The canonical line: unit price × quantity − discount + tax is what the line was paid (or refunded), to the cent. */
        private TransactionRequest.Line canonical(Line line, int index, boolean taxIncluded) {
            String at = "lines[" + index + "]";
            long base = taxIncluded ? line.gross - line.tax : line.gross;
            if (taxIncluded && line.tax > line.paid()) {
                throw refusal(line.taxNode == null ? line.element : line.taxNode, "the tax of line " + line.lineNo + " is more than the line");
            }
            // a price that does not divide by the quantity: the unit price rounds up and the cents over come off as discount
            long unit = Math.floorDiv(base + line.quantity - 1, line.quantity);
            long discount = line.discount + (unit * line.quantity - base);
            sources.put(at, line.lineItem.path());
            sources.put(at + ".sku", line.itemNode.path());
            sources.put(at + ".lineNo", line.lineItem.child("SequenceNumber").orElse(line.lineItem).path());
            sources.put(at + ".quantity", (line.quantityNode == null ? line.element : line.quantityNode).path());
            sources.put(at + ".unitPrice", line.priceNode.path());
            sources.put(at + ".discount", (line.discountNode == null ? line.priceNode : line.discountNode).path());
            sources.put(at + ".tax", (line.taxNode == null ? line.element : line.taxNode).path());
            sources.put(at + ".returnOf", (line.linkNode == null ? line.element : line.linkNode).path());
            sources.put(at + ".condition", line.element.path());
            return new TransactionRequest.Line(line.lineNo, line.sku, line.quantity, money(unit), money(discount), money(line.tax),
                    line.returnOf, line.condition);
        }

        // ---- customer -----------------------------------------------------------------------------------------------

        /** Customer (or LoyaltyAccount) id as the source id, names, e-mail and phone; the address is not the hub's to keep. */
        private TransactionRequest.Customer customer() {
            XmlNode customer = firstOf(retail.child("Customer"), tx.child("Customer")).orElse(null);
            XmlNode loyalty = firstOf(retail.child("LoyaltyAccount"), tx.child("LoyaltyAccount")).orElse(null);
            String sourceId = customer == null ? null : customer.text("CustomerID");
            if (sourceId == null && loyalty != null) {
                sourceId = loyalty.text("CustomerID");
            }
            String first = null;
            String last = null;
            String email = null;
            String phone = null;
            if (customer != null) {
                XmlNode name = customer.child("Name").orElse(null);
                if (name != null) {
                    first = firstText(name, "FirstName", "GivenName", "Forename");
                    last = firstText(name, "LastName", "FamilyName", "Surname");
                    String official = name.text("OfficialName") != null ? name.text("OfficialName") : name.text();
                    if (first == null && last == null && official != null) {
                        int space = official.lastIndexOf(' ');
                        first = space < 0 ? null : official.substring(0, space).strip();
                        last = space < 0 ? official : official.substring(space + 1);
                    }
                }
                email = customer.text("EMail", "EMailAddress");
                if (email == null) {
                    email = firstText(customer, "EMailAddress", "EMail");
                }
                phone = customer.text("Telephone", "FullTelephoneNumber");
                if (phone == null) {
                    String area = customer.text("Telephone", "AreaCode");
                    String local = customer.text("Telephone", "LocalNumber");
                    phone = local == null ? customer.text("Telephone") : (area == null ? "" : area) + local;
                }
                sources.put("customer", customer.path());
                customer.child("EMail").ifPresent(e -> sources.put("customer.email", e.path()));
                customer.child("Telephone").ifPresent(p -> sources.put("customer.phone", p.path()));
                customer.child("Name").ifPresent(n -> {
                    sources.put("customer.firstName", n.path());
                    sources.put("customer.lastName", n.path());
                });
            } else if (loyalty != null) {
                sources.put("customer", loyalty.path());
            }
            if (sourceId == null && first == null && last == null && email == null && phone == null) {
                return null;
            }
            return new TransactionRequest.Customer(email, phone, first, last, sourceId);
        }
    }

    // ---- small helpers ------------------------------------------------------------------------------------------------

    static Optional<String> tenderType(String kind) {
        String k = kind.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return Optional.ofNullable(switch (k) {
            case "cash" -> "CASH";
            case "creditdebit", "credit", "debit", "creditcard", "debitcard", "card", "eft" -> "CARD";
            case "giftcard", "giftcertificate" -> "GIFT_CARD";
            case "storecredit", "creditnote", "storecreditnote" -> "STORE_CREDIT";
            default -> null;
        });
    }

    /** A card scheme as the finance mapping names it (VISA, MASTERCARD, AMEX); others upper-cased. */
    static String brand(String cardType) {
        String b = cardType.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return switch (b) {
            case "MC", "MASTER", "MASTERCARD", "EUROCARD" -> "MASTERCARD";
            case "AMERICANEXPRESS", "AMEX" -> "AMEX";
            case "" -> "UNKNOWN";
            default -> b.length() > 20 ? b.substring(0, 20) : b;
        };
    }

    private static String firstText(XmlNode node, String... names) {
        for (String name : names) {
            String text = node.text(name);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    @SafeVarargs
    private static Optional<XmlNode> firstOf(Optional<XmlNode>... options) {
        for (Optional<XmlNode> option : options) {
            if (option.isPresent()) {
                return option;
            }
        }
        return Optional.empty();
    }
}
