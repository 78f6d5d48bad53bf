package io.selvedge.sales;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.catalog.VariantSummary;
import io.selvedge.contract.Contract;
import io.selvedge.customers.CustomerDetails;
import io.selvedge.customers.CustomerDirectory;
import io.selvedge.shared.Money;
import io.selvedge.shared.Violations;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a request into a {@link RecordSale}, naming every bad field at once (422) before anything is written. */
class SaleValidation {

    private static final Set<String> TENDER_TYPES = Set.of("CASH", "CARD", "GIFT_CARD", "STORE_CREDIT");
    private static final Set<String> OVERRIDE_KINDS = Set.of("PRICE", "DISCOUNT", "RETURN_WITHOUT_RECEIPT", "VOID", "TAX_EXEMPT");

    /** The largest amount one line or tender may carry (10^13 minor units), so no sum of them overflows a long. */
    static final long MAX_AMOUNT_MINOR = 10_000_000_000_000L;

    private final Contract contract;
    private final CatalogLookup catalog;
    private final CustomerDirectory customers;
    private final Clock clock;

    SaleValidation(Contract contract, CatalogLookup catalog, CustomerDirectory customers, Clock clock) {
        this.contract = contract;
        this.catalog = catalog;
        this.customers = customers;
        this.clock = clock;
    }

    RecordSale posTransaction(TransactionRequest r, String bodyHash, String receivedFrom) {
        Violations v = new Violations();
        if (v.required("transactionId", r.transactionId()) && !r.transactionId().matches("[A-Za-z0-9._:/-]{1,100}")) {
            v.add("transactionId", "must be 1 to 100 letters, digits, '.', '_', ':', '/' or '-'");
        }
        Contract.Location store = null;
        if (v.required("store", r.store())) {
            store = contract.location(r.store()).filter(l -> l.type() == Contract.LocationType.STORE).orElse(null);
            if (store == null) {
                v.add("store", "is not a store in the contract");
            }
        }
        v.requiredText("register", r.register(), 64);
        String type = r.type();
        if (v.required("type", type) && !Set.of("SALE", "RETURN", "EXCHANGE", "VOID").contains(type)) {
            v.add("type", "must be SALE, RETURN, EXCHANGE or VOID");
            type = null;
        }
        if (r.employeeId() != null && !r.employeeId().matches("[A-Za-z0-9._:-]{1,64}")) {
            v.add("employeeId", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
        }
        Instant now = clock.instant();
        boolean occurredAt = v.required("occurredAt", r.occurredAt()) && v.moment("occurredAt", r.occurredAt(), now);
        if (v.required("businessDay", r.businessDay()) && store != null && occurredAt) {
            LocalDate local = r.occurredAt().atZone(store.zone()).toLocalDate();
            // after-midnight sales belong to the day that opened them, so allow the day before
            if (r.businessDay().isAfter(local) || r.businessDay().isBefore(local.minusDays(1))) {
                v.add("businessDay", "must be the store's date of occurredAt (" + local + ") or the day before");
            }
        }
        Currency currency = v.currency("currency", r.currency());
        List<RecordSale.Line> lines = List.of();
        List<RecordSale.Tender> tenders = List.of();
        if ("VOID".equals(type)) {
            if (v.required("voidOf", r.voidOf()) && !r.voidOf().matches("[A-Za-z0-9._:#/-]{1,100}")) {
                v.add("voidOf", "must be 1 to 100 letters, digits, '.', '_', ':', '#', '/' or '-'");
            }
            if (r.lines() != null && !r.lines().isEmpty()) {
                v.add("lines", "must be empty: a void reverses the whole transaction named by voidOf");
            }
        } else {
            lines = lines(v, r.lines(), currency, occurredAt ? r.occurredAt() : null, type == null ? "SALE" : type, r.store());
            tenders = tenders(v, r.tenders(), currency);
            if ("RETURN".equals(type)) {
                for (int i = 0; i < tenders.size(); i++) {
                    if (tenders.get(i).amount().compareTo(Money.zero(currency)) > 0) {
                        v.add("tenders[" + i + "].amount", "must not be positive in a RETURN: money paid out to the customer is negative");
                    }
                }
            }
            if ("EXCHANGE".equals(type) && v.isEmpty() && (lines.stream().noneMatch(RecordSale.Line::returned)
                    || lines.stream().allMatch(RecordSale.Line::returned))) {
                v.add("lines", "an EXCHANGE has returned lines (with returnOf) and sold lines (without)");
            }
            checkTendersCoverTotal(v, lines, tenders, currency);
        }
        List<RecordSale.Override> overrides = overrides(v, r.overrides(), lines);
        String country = store == null ? "US" : store.country();
        CustomerDetails customer = customer(v, r.customer(), country);
        v.throwIfAny();
        return new RecordSale(RecordSale.Kind.POS, r.transactionId(), type, r.store(), r.store(), r.register(), r.businessDay(),
                r.occurredAt(), currency, Boolean.TRUE.equals(r.employeeSale()), r.employeeId(), customer,
                r.customer() == null ? null : r.customer().sourceId(), country, lines, tenders, overrides, r.voidOf(), null,
                bodyHash, receivedFrom, null);
    }

    /** A channel order's or return's {@code orderRef} and its web or wholesale {@code channel} (null when refused). */
    private Contract.Channel orderAndChannel(Violations v, TransactionRequest r) {
        if (v.required("orderRef", r.orderRef()) && !r.orderRef().matches("[A-Za-z0-9._:#/-]{1,100}")) {
            v.add("orderRef", "must be 1 to 100 letters, digits, '.', '_', ':', '#', '/' or '-'");
        }
        if (!v.required("channel", r.channel())) {
            return null;
        }
        Contract.Channel channel = contract.channel(r.channel()).orElse(null);
        if (channel == null || contract.location(r.channel()).isPresent()) {
            v.add("channel", "is not a web or wholesale channel in the contract");
            return null;
        }
        return channel;
    }

    RecordSale channelOrder(TransactionRequest r, String bodyHash, String receivedFrom) {
        Violations v = new Violations();
        Contract.Channel channel = orderAndChannel(v, r);
        if (r.type() != null && !r.type().equals("SALE")) {
            v.add("type", "must be SALE for an order (an order returned in a store is a store RETURN naming it in returnOf)");
        }
        Instant now = clock.instant();
        boolean occurredAt = v.required("occurredAt", r.occurredAt()) && v.moment("occurredAt", r.occurredAt(), now);
        v.date("businessDay", r.businessDay(), now);
        if (r.reservationId() != null && !r.reservationId().matches("[A-Za-z0-9._/#-]{1,100}")) {
            v.add("reservationId", "must be 1 to 100 letters, digits, '.', '_', '/', '#' or '-'");
        }
        Currency currency = v.currency("currency", r.currency());
        List<RecordSale.Line> lines = lines(v, r.lines(), currency, occurredAt ? r.occurredAt() : null, "SALE", r.channel());
        List<RecordSale.Tender> tenders = tenders(v, r.tenders(), currency);
        checkTendersCoverTotal(v, lines, tenders, currency);
        Contract.Location shipFrom = channel == null ? null : contract.location(channel.locations().get(0)).orElse(null);
        String country = shipFrom == null ? "US" : shipFrom.country();
        CustomerDetails customer = customer(v, r.customer(), country);
        v.throwIfAny();
        ZoneId zone = shipFrom.zone();
        return new RecordSale(RecordSale.Kind.CHANNEL, r.orderRef(), "SALE", shipFrom.code(), r.channel(), null,
                r.businessDay() != null ? r.businessDay() : r.occurredAt().atZone(zone).toLocalDate(), r.occurredAt(), currency,
                Boolean.TRUE.equals(r.employeeSale()), r.employeeId(), customer, r.customer() == null ? null : r.customer().sourceId(), country,
                lines, tenders, List.of(), null, r.reservationId(), bodyHash, receivedFrom, null);
    }

    /**
     * A channel's own return of one of its orders ({@link SalesIntake#channelReturn}): type RETURN, every line with
     * {@code returnOf}, {@code store} the contract location the units go back to, refunds as negative tenders.
     */
    RecordSale channelReturn(TransactionRequest r, String bodyHash, String receivedFrom) {
        Violations v = new Violations();
        Contract.Channel channel = orderAndChannel(v, r);
        if (!"RETURN".equals(r.type())) {
            v.add("type", "must be RETURN");
        }
        Contract.Location location = null;
        if (v.required("store", r.store())) {
            location = contract.location(r.store()).orElse(null);
            if (location == null) {
                v.add("store", "is not a location of the contract (where the returned units go)");
            }
        }
        Instant now = clock.instant();
        boolean occurredAt = v.required("occurredAt", r.occurredAt()) && v.moment("occurredAt", r.occurredAt(), now);
        v.date("businessDay", r.businessDay(), now);
        Currency currency = v.currency("currency", r.currency());
        List<RecordSale.Line> lines = lines(v, r.lines(), currency, occurredAt ? r.occurredAt() : null, "RETURN", r.channel());
        if (r.lines() != null) {
            for (int i = 0; i < r.lines().size(); i++) {
                if (r.lines().get(i) != null && r.lines().get(i).returnOf() == null) {
                    v.add("lines[" + i + "].returnOf", "is required: a channel's return names the order line it gives back");
                }
            }
        }
        List<RecordSale.Tender> tenders = tenders(v, r.tenders(), currency);
        for (int i = 0; i < tenders.size(); i++) {
            if (tenders.get(i).amount().compareTo(Money.zero(currency)) > 0) {
                v.add("tenders[" + i + "].amount", "must not be positive in a RETURN: money paid out to the customer is negative");
            }
        }
        checkTendersCoverTotal(v, lines, tenders, currency);
        String country = location == null ? "US" : location.country();
        CustomerDetails customer = customer(v, r.customer(), country);
        v.throwIfAny();
        return new RecordSale(RecordSale.Kind.CHANNEL, r.orderRef(), "RETURN", location.code(), r.channel(), null,
                r.businessDay() != null ? r.businessDay() : r.occurredAt().atZone(location.zone()).toLocalDate(), r.occurredAt(), currency,
                false, null, customer, r.customer() == null ? null : r.customer().sourceId(), country, lines, tenders, List.of(), null, null,
                bodyHash, receivedFrom, null);
    }

    /**
     * {@code type}: in a RETURN every line comes back; in an EXCHANGE the lines with {@code returnOf} do; in a SALE none.
     * {@code channel}: the store or channel selling, whose price list (in the contract) gives the price in force.
     */
    private List<RecordSale.Line> lines(Violations v, List<TransactionRequest.Line> lines, Currency currency, java.time.Instant occurredAt,
                                        String type, String channel) {
        List<RecordSale.Line> out = new ArrayList<>();
        if (!v.required("lines", lines)) {
            return out;
        }
        if (lines.isEmpty()) {
            v.add("lines", "must have at least one line");
        }
        // only well-formed text reaches the catalogue's query: PostgreSQL fails on a NUL rather than finding nothing
        Map<String, VariantSummary> known = catalog.variants(lines.stream().filter(l -> l != null && l.sku() != null)
                .map(TransactionRequest.Line::sku).filter(sku -> sku.length() <= 64 && !Violations.hasControlCharacter(sku)).toList());
        Set<Integer> lineNos = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String at = "lines[" + i + "]";
            TransactionRequest.Line line = lines.get(i);
            if (line == null) {
                v.add(at, "is required");
                continue;
            }
            boolean lineNo = v.required(at + ".lineNo", line.lineNo());
            if (lineNo && (line.lineNo() <= 0 || !lineNos.add(line.lineNo()))) {
                v.add(at + ".lineNo", "must be a positive number, unique in the transaction");
                lineNo = false;
            }
            if (v.requiredText(at + ".sku", line.sku(), 64) && !known.containsKey(line.sku())) {
                v.add(at + ".sku", "is not in the catalogue");
            }
            boolean quantity = v.quantity(at + ".quantity", line.quantity(), 1);
            boolean returned = type.equals("RETURN") || (type.equals("EXCHANGE") && line.returnOf() != null);
            RecordSale.ReturnOf returnOf = null;
            if (line.returnOf() != null) {
                if (type.equals("SALE")) {
                    v.add(at + ".returnOf", "a SALE gives nothing back: send a RETURN or an EXCHANGE");
                } else {
                    returnOf = returnOf(v, at + ".returnOf", line.returnOf());
                }
            }
            RecordSale.Condition condition = null;
            if (line.condition() != null && !returned) {
                v.add(at + ".condition", "only a returned line has a condition");
            } else if (returned) {
                condition = line.condition() == null ? RecordSale.Condition.RESALEABLE : switch (line.condition()) {
                    case "RESALEABLE" -> RecordSale.Condition.RESALEABLE;
                    case "DAMAGED" -> RecordSale.Condition.DAMAGED;
                    default -> {
                        v.add(at + ".condition", "must be RESALEABLE or DAMAGED");
                        yield null;
                    }
                };
            }
            Money unitPrice = v.money(at + ".unitPrice", line.unitPrice(), currency);
            if (unitPrice != null && unitPrice.isNegative()) {
                v.add(at + ".unitPrice", "must not be negative");
            }
            Money discount = line.discount() == null ? (currency == null ? null : Money.zero(currency))
                    : v.money(at + ".discount", line.discount(), currency);
            if (discount != null && discount.isNegative()) {
                v.add(at + ".discount", "must not be negative");
            }
            Money tax = line.tax() == null ? (currency == null ? null : Money.zero(currency)) : v.money(at + ".tax", line.tax(), currency);
            if (tax != null && tax.isNegative()) {
                v.add(at + ".tax", "must not be negative");
            }
            if (unitPrice != null && quantity && !fits(unitPrice, line.quantity(), discount, tax)) {
                v.add(at + ".unitPrice", "quantity × unitPrice is more than the hub can record");
                continue;
            }
            if (unitPrice != null && discount != null && quantity && discount.compareTo(unitPrice.times(line.quantity())) > 0) {
                v.add(at + ".discount", "must not exceed quantity × unitPrice");
            }
            if (unitPrice != null && discount != null && tax != null && quantity && lineNo && known.containsKey(line.sku())) {
                // the price in force is read here, before the write, so the writer thread does not wait on it
                Money listPrice = occurredAt == null || returned ? null : contract.priceListFor(channel, currency)
                        .flatMap(list -> catalog.priceInForce(line.sku(), list, occurredAt))
                        .filter(p -> p.currency().equals(currency)).orElse(null);
                out.add(new RecordSale.Line(line.lineNo(), line.sku(), known.get(line.sku()).category(), line.quantity(), unitPrice,
                        discount, tax, listPrice, returned, returnOf, condition));
            }
        }
        return out;
    }

    /** Whether the line's amounts stay far from overflowing a long when the totals add lines and tenders up. */
    private static boolean fits(Money unitPrice, long quantity, Money discount, Money tax) {
        try {
            return Math.multiplyExact(unitPrice.minor(), quantity) <= MAX_AMOUNT_MINOR && fits(discount) && fits(tax);
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static boolean fits(Money amount) {
        return amount == null || Math.abs(amount.minor()) <= MAX_AMOUNT_MINOR;
    }

    private static RecordSale.ReturnOf returnOf(Violations v, String at, TransactionRequest.ReturnOf r) {
        boolean ok = true;
        if (!v.required(at + ".orderRef", r.orderRef()) || !r.orderRef().matches("[A-Za-z0-9._:#/-]{1,100}")) {
            if (r.orderRef() != null) {
                v.add(at + ".orderRef", "must be 1 to 100 letters, digits, '.', '_', ':', '#', '/' or '-'");
            }
            ok = false;
        }
        if (!v.required(at + ".lineNo", r.lineNo()) || r.lineNo() <= 0) {
            if (r.lineNo() != null) {
                v.add(at + ".lineNo", "must be a positive line number of the original order");
            }
            ok = false;
        }
        return ok ? new RecordSale.ReturnOf(r.orderRef(), r.lineNo()) : null;
    }

    private List<RecordSale.Tender> tenders(Violations v, List<TransactionRequest.Tender> tenders, Currency currency) {
        List<RecordSale.Tender> out = new ArrayList<>();
        if (!v.required("tenders", tenders)) {
            return out;
        }
        for (int i = 0; i < tenders.size(); i++) {
            String at = "tenders[" + i + "]";
            TransactionRequest.Tender t = tenders.get(i);
            if (t == null) {
                v.add(at, "is required");
                continue;
            }
            if (v.required(at + ".type", t.type()) && !TENDER_TYPES.contains(t.type())) {
                v.add(at + ".type", "must be CASH, CARD, GIFT_CARD or STORE_CREDIT");
            }
            if ("CARD".equals(t.type()) && (t.brand() == null || t.brand().isBlank())) {
                v.add(at + ".brand", "is required for a card tender");
            }
            if (t.last4() != null && !t.last4().matches("\\d{4}")) {
                v.add(at + ".last4", "must be exactly the last four digits");
            }
            v.text(at + ".brand", t.brand(), 32);
            v.text(at + ".reference", t.reference(), 100);
            Money amount = v.money(at + ".amount", t.amount(), currency);
            if (amount != null && !fits(amount)) {
                v.add(at + ".amount", "is more than the hub can record");
                amount = null;
            }
            if (amount != null && t.type() != null && TENDER_TYPES.contains(t.type())) {
                out.add(new RecordSale.Tender(t.type(), t.brand(), amount, t.reference(), t.last4()));
            }
        }
        return out;
    }

    /**
     * Tenders, net of change given back, equal what the lines come to, to the cent: sold lines less returned ones (a
     * return's refunds are negative; an exchange tenders the difference).
     */
    private static void checkTendersCoverTotal(Violations v, List<RecordSale.Line> lines, List<RecordSale.Tender> tenders, Currency currency) {
        if (currency == null || !v.isEmpty()) {
            return;
        }
        Money total = Money.zero(currency);
        Money tendered;
        try {
            for (RecordSale.Line line : lines) {
                total = line.returned() ? total.minus(line.total()) : total.plus(line.total());
            }
            tendered = tenders.stream().map(RecordSale.Tender::amount).reduce(Money.zero(currency), Money::plus);
        } catch (ArithmeticException e) {
            v.add("lines", "come to more than the hub can record");
            return;
        }
        if (!total.equals(tendered)) {
            v.add("tenders", "come to " + tendered.toDecimalString() + " but the lines come to " + total.toDecimalString());
        }
    }

    private static List<RecordSale.Override> overrides(Violations v, List<TransactionRequest.Override> overrides, List<RecordSale.Line> lines) {
        List<RecordSale.Override> out = new ArrayList<>();
        if (overrides == null) {
            return out;
        }
        Set<Integer> lineNos = new HashSet<>();
        lines.forEach(l -> lineNos.add(l.lineNo()));
        for (int i = 0; i < overrides.size(); i++) {
            String at = "overrides[" + i + "]";
            TransactionRequest.Override o = overrides.get(i);
            if (o == null) {
                v.add(at, "is required");
                continue;
            }
            if (v.required(at + ".kind", o.kind()) && !OVERRIDE_KINDS.contains(o.kind())) {
                v.add(at + ".kind", "must be one of " + new java.util.TreeSet<>(OVERRIDE_KINDS));
            }
            v.requiredText(at + ".approvedBy", o.approvedBy(), 64);
            v.text(at + ".reason", o.reason(), 400);
            if (o.lineNo() != null && !lines.isEmpty() && !lineNos.contains(o.lineNo())) {
                v.add(at + ".lineNo", "names no line of the transaction");
            } else if ("RETURN_WITHOUT_RECEIPT".equals(o.kind()) && (lines.stream().noneMatch(RecordSale.Line::returned)
                    || (o.lineNo() != null && lines.stream().noneMatch(l -> l.returned() && l.lineNo() == o.lineNo())))) {
                v.add(at + ".lineNo", "RETURN_WITHOUT_RECEIPT approves a returned line");
            }
            out.add(new RecordSale.Override(o.kind(), o.lineNo(), o.approvedBy(), o.reason()));
        }
        return out;
    }

    private CustomerDetails customer(Violations v, TransactionRequest.Customer c, String country) {
        if (c == null) {
            return null;
        }
        CustomerDetails details = new CustomerDetails(c.email(), c.phone(), c.firstName(), c.lastName());
        // the directory checks names' lengths; control characters are refused here, before it stores them
        noControlCharacters(v, "customer.firstName", c.firstName());
        noControlCharacters(v, "customer.lastName", c.lastName());
        noControlCharacters(v, "customer.email", c.email());
        noControlCharacters(v, "customer.phone", c.phone());
        v.text("customer.sourceId", c.sourceId(), 128);
        if (details.isEmpty() && c.sourceId() == null) {
            return null;
        }
        return customers.check("customer", details, country, v);
    }

    private static void noControlCharacters(Violations v, String field, String value) {
        if (value != null && Violations.hasControlCharacter(value)) {
            v.add(field, "must not contain control characters");
        }
    }
}
