package io.selvedge.reconciliation.domain;

import io.selvedge.reconciliation.domain.TieOutReport.Kind;
import io.selvedge.reconciliation.domain.TieOutReport.Mismatch;
import io.selvedge.shared.Money;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The three-way tie-out, as plain rules over what was received: POS tenders, processor lines, bank credits and
 * counted cash. Nothing is stored: the same inputs always give the same report, and a file or a late sale arriving
 * later simply changes the next report.
 *
 * <p>The rules, in the order they apply:
 * <ol>
 * <li><b>By reference.</b> Card tenders that carry a reference form one group per reference (a sale, its void and its
 * refunds together); a processor line belongs to the group whose reference is its PSP, merchant or modification
 * reference. A group ties when its POS tenders and processor lines (chargebacks aside) come to the same amount, so
 * a void the processor never captured (0 = 0), a capture refunded in full, and a plain sale all tie.</li>
 * <li><b>Fallback: amount, date and last four.</b> A group no line claimed by reference is matched to an unclaimed
 * payment (or refund, for a negative group) of the same currency and amount, traded within
 * {@value #FALLBACK_DAYS} day of the tender's business day (time zones differ), whose brand and last four digits do
 * not contradict the tender's where both sides have them, when that pairing is the only one for both the group and
 * the line. Ambiguous pairs stay unmatched and show as mismatches.</li>
 * <li><b>Payouts and cash deposits to bank credits.</b> A payout ties to a booked, unreversed credit of the same
 * currency and amount, booked {@value #PAYOUT_EARLY_DAYS} day before to {@value #BANK_LATE_DAYS} days after the payout
 * date, whose references or text carry the payout's reference; a store day's counted cash to such a credit booked up
 * to {@value #BANK_LATE_DAYS} days after the day that names the store. What remains is then paired on amount and date
 * window alone, when the pairing is unique both ways.</li>
 * <li><b>Rows.</b> Lines count toward the row (store, day, tender) of the tender they matched; a card row's net
 * counts as deposited when every payout of its batch reached the bank. Processor lines without a batch (Stripe
 * balance transactions) are never counted as deposited.</li>
 * </ol>
 * Mismatches are reported for tenders of days in the period, for processor lines traded in it, and for payouts,
 * credits and cash days dated in it.
 */
public final class TieOut {

    static final int FALLBACK_DAYS = 1;
    static final int PAYOUT_EARLY_DAYS = 1;
    static final int BANK_LATE_DAYS = 7;

    private TieOut() {
    }

    /** A POS or channel tender. {@code store} is set for store transactions, {@code channel} for channel orders. */
    public record Tender(String orderRef, int position, String store, String channel, LocalDate businessDay, String voidOf, String type,
                         String brand, Money amount, String reference, String last4) {

        public Tender {
            Objects.requireNonNull(orderRef, "orderRef");
            Objects.requireNonNull(businessDay, "businessDay");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(amount, "amount");
            type = type.toUpperCase(Locale.ROOT);
            brand = brand == null || brand.isBlank() ? null : brand.trim().toUpperCase(Locale.ROOT);
            reference = reference == null || reference.isBlank() ? null : reference.trim();
        }

        public boolean isCard() {
            return "CARD".equals(type);
        }

        /** CASH, CARD-VISA ...: the tender as the journal names it. */
        public String code() {
            return isCard() && brand != null ? "CARD-" + brand : type;
        }

        String id() {
            return orderRef + "#" + position;
        }
    }

    /** A stored processor line. */
    public record Line(long id, ProcessorLine line) {
    }

    /** A stored bank entry. */
    public record Credit(long id, BankEntry entry) {
    }

    /** A closed store day's counted cash: what should reach the bank as the store's deposit. */
    public record CashDay(String store, LocalDate businessDay, Money counted) {
    }

    public static TieOutReport compute(LocalDate from, LocalDate to, List<Tender> tenders, List<Line> lines, List<Credit> credits,
                                       List<CashDay> cashDays) {
        return new Run(from, to, tenders, lines, credits, cashDays).report();
    }

    private static final class Run {

        private final LocalDate from;
        private final LocalDate to;
        private final List<Tender> tenders;
        private final List<Line> transactionLines;
        private final List<Line> payouts;
        private final List<Credit> credits;
        private final List<CashDay> cashDays;
        private final List<Mismatch> mismatches = new ArrayList<>();
        /** Processor line id to the tender whose row it counts toward, and whether by reference. */
        private final Map<Long, Tender> lineRow = new HashMap<>();
        private final Set<Long> byFallback = new HashSet<>();
        private final Map<Long, Credit> payoutCredit = new HashMap<>();
        private final Map<Long, String> payoutMatchedBy = new HashMap<>();
        private final Map<String, Credit> cashCredit = new HashMap<>();

        Run(LocalDate from, LocalDate to, List<Tender> tenders, List<Line> lines, List<Credit> credits, List<CashDay> cashDays) {
            this.from = from;
            this.to = to;
            Map<String, Tender> uniqueTenders = new LinkedHashMap<>();
            tenders.stream().sorted(Comparator.comparing(Tender::businessDay).thenComparing(Tender::orderRef).thenComparingInt(Tender::position))
                    .forEach(t -> uniqueTenders.putIfAbsent(t.id(), t));
            this.tenders = List.copyOf(uniqueTenders.values());
            Map<Long, Line> uniqueLines = new TreeMap<>();
            lines.forEach(l -> uniqueLines.putIfAbsent(l.id(), l));
            this.transactionLines = uniqueLines.values().stream().filter(l -> l.line().category().isTransaction()).toList();
            this.payouts = uniqueLines.values().stream().filter(l -> l.line().category() == LineCategory.PAYOUT && l.line().payoutAmount().minor() > 0)
                    .sorted(Comparator.comparing((Line l) -> l.line().payoutDate() == null ? l.line().tradeDate() : l.line().payoutDate())
                            .thenComparingLong(Line::id))
                    .toList();
            Map<Long, Credit> uniqueCredits = new TreeMap<>();
            credits.stream().filter(c -> c.entry().isBookedCredit()).forEach(c -> uniqueCredits.putIfAbsent(c.id(), c));
            this.credits = uniqueCredits.values().stream()
                    .sorted(Comparator.comparing((Credit c) -> c.entry().bookingDate()).thenComparingLong(Credit::id)).toList();
            this.cashDays = cashDays.stream().filter(d -> d.counted().minor() > 0)
                    .sorted(Comparator.comparing(CashDay::businessDay).thenComparing(CashDay::store)).toList();
        }

        TieOutReport report() {
            matchCards();
            matchBank();
            List<TieOutReport.Row> rows = rows();
            mismatches.sort(Comparator.comparing(Mismatch::kind).thenComparing(m -> m.date() == null ? LocalDate.MIN : m.date())
                    .thenComparing(m -> Objects.toString(m.store(), Objects.toString(m.channel(), "")))
                    .thenComparing(m -> Objects.toString(m.transactionId(), ""))
                    .thenComparing(m -> Objects.toString(m.pspReference(), Objects.toString(m.bankReference(), ""))));
            return new TieOutReport(from, to, rows, payoutViews(), mismatches);
        }

        // ---- cards ----------------------------------------------------------------------------------------------

        private final class Group {
            final String key;
            final String reference;
            final List<Tender> tenders = new ArrayList<>();
            final List<Line> lines = new ArrayList<>();

            Group(String key, String reference) {
                this.key = key;
                this.reference = reference;
            }

            Money posSum() {
                return sum(tenders.stream().map(Tender::amount).toList(), tenders.get(0).amount());
            }

            Tender first(boolean positive) {
                return tenders.stream().filter(t -> positive != t.amount().isNegative() && !t.amount().isZero()).findFirst().orElse(tenders.get(0));
            }

            boolean touchesPeriod() {
                return tenders.stream().anyMatch(t -> Run.this.inPeriod(t.businessDay()));
            }
        }

        private void matchCards() {
            Map<String, Group> groups = new LinkedHashMap<>();
            for (Tender t : tenders) {
                if (!t.isCard()) {
                    continue;
                }
                // without a reference, a void's tender still finds its sale's: it copies the sale's tenders in order
                String key = t.reference() != null ? "ref:" + t.reference() : "txn:" + (t.voidOf() != null ? t.voidOf() : t.orderRef()) + "#" + t.position();
                groups.computeIfAbsent(key, k -> new Group(k, t.reference())).tenders.add(t);
            }
            Map<String, List<Line>> byReference = new HashMap<>();
            for (Line line : transactionLines) {
                for (String ref : line.line().references()) {
                    byReference.computeIfAbsent(ref, k -> new ArrayList<>()).add(line);
                }
            }
            Set<Long> claimed = new HashSet<>();
            for (Group group : groups.values()) {
                if (group.reference == null) {
                    continue;
                }
                for (Line line : byReference.getOrDefault(group.reference, List.of())) {
                    if (claimed.add(line.id())) {
                        group.lines.add(line);
                    }
                }
            }
            fallback(groups.values(), claimed);
            for (Group group : groups.values()) {
                evaluate(group);
            }
            for (Line line : transactionLines) {
                if (claimed.contains(line.id()) || !inPeriod(line.line().tradeDate())) {
                    continue;
                }
                ProcessorLine l = line.line();
                Kind kind = l.category() == LineCategory.SETTLED ? Kind.SETTLEMENT_WITHOUT_POS_TENDER : Kind.CHARGEBACK_OR_REFUND;
                mismatches.add(lineMismatch(kind, l, null, kind == Kind.SETTLEMENT_WITHOUT_POS_TENDER
                        ? "no POS tender carries this payment's references, and none matches its amount, date and card"
                        : l.type() + " in the processor's file with no POS tender behind it"));
            }
        }

        /** Amount, date, brand and last four: only pairs that are each other's single candidate. */
        private void fallback(java.util.Collection<Group> groups, Set<Long> claimed) {
            Map<Group, List<Line>> candidates = new LinkedHashMap<>();
            Map<Long, List<Group>> reverse = new HashMap<>();
            for (Group group : groups) {
                if (!group.lines.isEmpty() || group.posSum().isZero()) {
                    continue;
                }
                Money sum = group.posSum();
                Tender first = group.tenders.get(0);
                for (Line line : transactionLines) {
                    ProcessorLine l = line.line();
                    LineCategory wanted = sum.isNegative() ? LineCategory.REFUND : LineCategory.SETTLED;
                    if (claimed.contains(line.id()) || l.category() != wanted || !l.grossOrNet().currency().equals(sum.currency())
                            || l.grossOrNet().minor() != sum.minor()
                            || Math.abs(ChronoUnit.DAYS.between(first.businessDay(), l.tradeDate())) > FALLBACK_DAYS
                            || contradicts(first, l)) {
                        continue;
                    }
                    candidates.computeIfAbsent(group, g -> new ArrayList<>()).add(line);
                    reverse.computeIfAbsent(line.id(), id -> new ArrayList<>()).add(group);
                }
            }
            candidates.forEach((group, lines) -> {
                if (lines.size() == 1 && reverse.get(lines.get(0).id()).size() == 1) {
                    Line line = lines.get(0);
                    claimed.add(line.id());
                    group.lines.add(line);
                    byFallback.add(line.id());
                }
            });
        }

        private static boolean contradicts(Tender tender, ProcessorLine line) {
            if (tender.last4() != null && line.last4() != null && !tender.last4().equals(line.last4())) {
                return true;
            }
            String brand = brand(line.paymentMethod());
            return tender.brand() != null && brand != null && !tender.brand().equals(brand);
        }

        /** The card brand a processor's payment method names, where it names one. */
        static String brand(String paymentMethod) {
            if (paymentMethod == null) {
                return null;
            }
            String method = paymentMethod.toLowerCase(Locale.ROOT);
            if (method.startsWith("visa")) {
                return "VISA";
            }
            if (method.startsWith("mc") || method.startsWith("mastercard")) {
                return "MASTERCARD";
            }
            if (method.startsWith("amex")) {
                return "AMEX";
            }
            if (method.startsWith("maestro")) {
                return "MAESTRO";
            }
            if (method.startsWith("discover")) {
                return "DISCOVER";
            }
            return null;
        }

        private void evaluate(Group group) {
            List<Line> money = group.lines.stream().filter(l -> !l.line().category().isChargeback()).toList();
            for (Line line : group.lines) {
                boolean positive = !line.line().grossOrNet().isNegative();
                lineRow.put(line.id(), group.first(positive));
                if (line.line().category().isChargeback() && group.touchesPeriod()) {
                    mismatches.add(lineMismatch(Kind.CHARGEBACK_OR_REFUND, line.line(), group.first(true),
                            line.line().type() + " of " + line.line().grossOrNet().toDecimalString() + " against a card payment the POS recorded"));
                }
            }
            if (!group.touchesPeriod()) {
                return;
            }
            Money pos = group.posSum();
            if (money.isEmpty()) {
                if (!pos.isZero()) {
                    for (Tender t : group.tenders) {
                        if (!t.amount().isZero()) {
                            mismatches.add(tenderMismatch(Kind.CARD_TENDER_WITHOUT_SETTLEMENT, t, null, null, null,
                                    t.amount().isNegative() ? "no processor refund for this card refund or void"
                                            : "no processor line carries this tender's reference or matches its amount, date and card"));
                        }
                    }
                }
                return;
            }
            for (Line line : money) {
                if (!line.line().grossOrNet().currency().equals(pos.currency())) {
                    mismatches.add(tenderMismatch(Kind.AMOUNT_MISMATCH, group.first(true), pos, line.line().grossOrNet(), line.line(), "the processor settled in "
                            + line.line().grossOrNet().currency().getCurrencyCode() + ", the POS took " + pos.currency().getCurrencyCode()));
                    return;
                }
            }
            Money settled = sum(money.stream().map(l -> l.line().grossOrNet()).toList(), pos);
            if (settled.equals(pos)) {
                return;
            }
            Money posIn = sum(group.tenders.stream().map(Tender::amount).filter(a -> !a.isNegative()).toList(), pos);
            Money posOut = pos.minus(posIn);
            List<Line> in = money.stream().filter(l -> l.line().category() == LineCategory.SETTLED).toList();
            List<Line> out = money.stream().filter(l -> l.line().category() != LineCategory.SETTLED).toList();
            Money procIn = sum(in.stream().map(l -> l.line().grossOrNet()).toList(), pos);
            Money procOut = sum(out.stream().map(l -> l.line().grossOrNet()).toList(), pos);
            if (!posIn.equals(procIn)) {
                if (in.isEmpty()) {
                    group.tenders.stream().filter(t -> !t.amount().isNegative() && !t.amount().isZero()).forEach(t -> mismatches.add(
                            tenderMismatch(Kind.CARD_TENDER_WITHOUT_SETTLEMENT, t, null, null, null, "the processor settled no payment for this tender")));
                } else {
                    mismatches.add(tenderMismatch(Kind.AMOUNT_MISMATCH, group.first(true), posIn, procIn, in.get(0).line(), "the POS took "
                            + posIn.toDecimalString() + ", the processor settled " + procIn.toDecimalString()));
                }
            }
            if (!posOut.equals(procOut)) {
                if (out.isEmpty()) {
                    group.tenders.stream().filter(t -> t.amount().isNegative()).forEach(t -> mismatches.add(
                            tenderMismatch(Kind.CARD_TENDER_WITHOUT_SETTLEMENT, t, null, null, null, "no processor refund for this card refund or void")));
                } else if (posOut.isZero()) {
                    out.forEach(l -> mismatches.add(lineMismatch(Kind.CHARGEBACK_OR_REFUND, l.line(), group.first(true),
                            l.line().type() + " of " + l.line().grossOrNet().toDecimalString() + " in the processor's file; the POS recorded no refund")));
                } else {
                    mismatches.add(tenderMismatch(Kind.AMOUNT_MISMATCH, group.first(false), posOut, procOut, out.get(0).line(), "the POS refunded "
                            + posOut.toDecimalString() + ", the processor " + procOut.toDecimalString()));
                }
            }
        }

        // ---- bank -----------------------------------------------------------------------------------------------

        private void matchBank() {
            Set<Long> used = new HashSet<>();
            for (Line payout : payouts) {
                ProcessorLine p = payout.line();
                credits.stream().filter(c -> !used.contains(c.id()) && fitsPayout(c, p) && c.entry().mentions(p.payoutReference()))
                        .findFirst().ifPresent(c -> {
                            used.add(c.id());
                            payoutCredit.put(payout.id(), c);
                            payoutMatchedBy.put(payout.id(), "REFERENCE");
                        });
            }
            for (CashDay day : cashDays) {
                credits.stream().filter(c -> !used.contains(c.id()) && fitsCash(c, day) && c.entry().mentions(day.store()))
                        .findFirst().ifPresent(c -> {
                            used.add(c.id());
                            cashCredit.put(cashKey(day.store(), day.businessDay()), c);
                        });
            }
            // amount and date alone: only a pairing that is unique both ways
            Map<Object, List<Credit>> candidates = new LinkedHashMap<>();
            Map<Long, Integer> wanted = new HashMap<>();
            for (Line payout : payouts) {
                if (!payoutCredit.containsKey(payout.id())) {
                    List<Credit> fit = credits.stream().filter(c -> !used.contains(c.id()) && fitsPayout(c, payout.line())).toList();
                    candidates.put(payout, fit);
                    fit.forEach(c -> wanted.merge(c.id(), 1, Integer::sum));
                }
            }
            for (CashDay day : cashDays) {
                if (!cashCredit.containsKey(cashKey(day.store(), day.businessDay()))) {
                    List<Credit> fit = credits.stream().filter(c -> !used.contains(c.id()) && fitsCash(c, day)).toList();
                    candidates.put(day, fit);
                    fit.forEach(c -> wanted.merge(c.id(), 1, Integer::sum));
                }
            }
            candidates.forEach((claimant, fit) -> {
                if (fit.size() != 1 || wanted.get(fit.get(0).id()) != 1) {
                    return;
                }
                Credit credit = fit.get(0);
                used.add(credit.id());
                if (claimant instanceof Line payout) {
                    payoutCredit.put(payout.id(), credit);
                    payoutMatchedBy.put(payout.id(), "AMOUNT_DATE");
                } else if (claimant instanceof CashDay day) {
                    cashCredit.put(cashKey(day.store(), day.businessDay()), credit);
                }
            });
            for (Line payout : payouts) {
                ProcessorLine p = payout.line();
                if (!payoutCredit.containsKey(payout.id()) && inPeriod(payoutDate(p))) {
                    mismatches.add(new Mismatch(Kind.PAYOUT_WITHOUT_BANK_CREDIT, null, null, payoutDate(p), null, p.payoutAmount(), null, null, null,
                            p.payoutReference(), p.processor(), p.batch(), p.pspReference(), p.type(), null,
                            "no booked bank credit of " + p.payoutAmount().toDecimalString() + " " + p.payoutAmount().currency().getCurrencyCode()
                                    + " within " + BANK_LATE_DAYS + " days of the payout"));
                }
            }
            for (CashDay day : cashDays) {
                if (!cashCredit.containsKey(cashKey(day.store(), day.businessDay())) && inPeriod(day.businessDay())) {
                    mismatches.add(new Mismatch(Kind.CASH_WITHOUT_BANK_DEPOSIT, day.store(), null, day.businessDay(), "CASH", day.counted(), null,
                            null, null, null, null, null, null, null, null, "no booked bank credit of the day's counted cash "
                            + day.counted().toDecimalString() + " within " + BANK_LATE_DAYS + " days"));
                }
            }
            for (Credit credit : credits) {
                BankEntry e = credit.entry();
                if (!used.contains(credit.id()) && inPeriod(e.bookingDate())) {
                    mismatches.add(new Mismatch(Kind.DEPOSIT_WITHOUT_PAYOUT, null, null, e.bookingDate(), null, e.amount(), null, null, null,
                            e.references().isEmpty() ? null : e.references().get(0), null, null, null, null, e.bankReference(),
                            "a bank credit on account " + e.account() + " that is no processor payout and no store's cash deposit"
                                    + (e.text() == null ? "" : ": " + abbreviate(e.text()))));
                }
            }
        }

        private static boolean fitsPayout(Credit credit, ProcessorLine payout) {
            BankEntry e = credit.entry();
            long days = ChronoUnit.DAYS.between(payoutDate(payout), e.bookingDate());
            return e.amount().equals(payout.payoutAmount()) && days >= -PAYOUT_EARLY_DAYS && days <= BANK_LATE_DAYS;
        }

        private static boolean fitsCash(Credit credit, CashDay day) {
            BankEntry e = credit.entry();
            long days = ChronoUnit.DAYS.between(day.businessDay(), e.bookingDate());
            return e.amount().equals(day.counted()) && days >= 0 && days <= BANK_LATE_DAYS;
        }

        private static LocalDate payoutDate(ProcessorLine payout) {
            return payout.payoutDate() != null ? payout.payoutDate() : payout.tradeDate();
        }

        private List<TieOutReport.Payout> payoutViews() {
            List<TieOutReport.Payout> out = new ArrayList<>();
            for (Line payout : payouts) {
                ProcessorLine p = payout.line();
                if (inPeriod(payoutDate(p))) {
                    Credit credit = payoutCredit.get(payout.id());
                    out.add(new TieOutReport.Payout(p.processor(), p.merchantAccount(), p.batch(), p.payoutReference(), p.payoutAmount(),
                            payoutDate(p), credit == null ? null : credit.entry(), payoutMatchedBy.get(payout.id())));
                }
            }
            return out;
        }

        // ---- rows -----------------------------------------------------------------------------------------------

        private List<TieOutReport.Row> rows() {
            record Key(String store, String channel, LocalDate day, String tender, String currency) {
            }
            final class Acc {
                final List<Tender> tenders = new ArrayList<>();
                final List<Line> lines = new ArrayList<>();
            }
            Map<Key, Acc> rows = new TreeMap<>(Comparator.comparing((Key k) -> Objects.toString(k.store(), "~" + k.channel()))
                    .thenComparing(Key::day).thenComparing(k -> "CASH".equals(k.tender()) ? "" : k.tender()).thenComparing(Key::currency));
            java.util.function.Function<Tender, Key> keyOf = t -> new Key(t.store(), t.channel(), t.businessDay(), t.code(),
                    t.amount().currency().getCurrencyCode());
            for (Tender t : tenders) {
                if ((t.isCard() || "CASH".equals(t.type())) && inPeriod(t.businessDay())) {
                    rows.computeIfAbsent(keyOf.apply(t), k -> new Acc()).tenders.add(t);
                }
            }
            for (Line line : transactionLines) {
                Tender t = lineRow.get(line.id());
                if (t != null && inPeriod(t.businessDay()) && !line.line().category().isChargeback()) {
                    rows.computeIfAbsent(keyOf.apply(t), k -> new Acc()).lines.add(line);
                }
            }
            Map<String, List<Line>> payoutsByBatch = new HashMap<>();
            for (Line payout : payouts) {
                payoutsByBatch.computeIfAbsent(batchKey(payout.line()), k -> new ArrayList<>()).add(payout);
            }
            Map<String, Money> counted = new HashMap<>();
            for (CashDay day : cashDays) {
                counted.put(cashKey(day.store(), day.businessDay()), day.counted());
            }
            Map<Key, Integer> rowMismatches = new HashMap<>();
            for (Mismatch m : mismatches) {
                if (m.tender() != null && m.date() != null && (m.store() != null || m.channel() != null) && m.amount() != null) {
                    rowMismatches.merge(new Key(m.store(), m.channel(), m.date(), m.tender(), m.amount().currency().getCurrencyCode()), 1, Integer::sum);
                }
            }
            List<TieOutReport.Row> out = new ArrayList<>();
            rows.forEach((key, acc) -> {
                java.util.Currency currency = java.util.Currency.getInstance(key.currency());
                Money zero = Money.zero(currency);
                Money posTotal = sum(acc.tenders.stream().map(Tender::amount).toList(), zero);
                int issues = rowMismatches.getOrDefault(key, 0);
                if ("CASH".equals(key.tender())) {
                    Money count = key.store() == null ? null : counted.get(cashKey(key.store(), key.day()));
                    Credit credit = key.store() == null ? null : cashCredit.get(cashKey(key.store(), key.day()));
                    Money deposited = credit == null ? zero : credit.entry().amount();
                    boolean tied = count != null && deposited.equals(count) && issues == 0;
                    out.add(new TieOutReport.Row(key.store(), key.channel(), key.day(), key.tender(), key.currency(), acc.tenders.size(), posTotal,
                            0, 0, 0, null, null, null, count, deposited, List.of(),
                            credit == null || credit.entry().bankReference() == null ? List.of() : List.of(credit.entry().bankReference()),
                            issues, tied ? TieOutReport.Status.TIED : TieOutReport.Status.OPEN));
                    return;
                }
                Money gross = zero;
                Money fees = zero;
                Money net = zero;
                Money deposited = zero;
                Set<String> payoutRefs = new LinkedHashSet<>();
                Set<String> bankRefs = new LinkedHashSet<>();
                int fallback = 0;
                for (Line line : acc.lines) {
                    ProcessorLine l = line.line();
                    if (!l.grossOrNet().currency().equals(currency) || !l.net().currency().equals(currency)) {
                        continue;
                    }
                    gross = gross.plus(l.grossOrNet());
                    fees = fees.plus(new Money(l.fees(), currency));
                    net = net.plus(l.net());
                    fallback += byFallback.contains(line.id()) ? 1 : 0;
                    List<Line> batchPayouts = l.batch() == null ? List.of() : payoutsByBatch.getOrDefault(batchKey(l), List.of());
                    batchPayouts.forEach(p -> payoutRefs.add(p.line().payoutReference()));
                    if (!batchPayouts.isEmpty() && batchPayouts.stream().allMatch(p -> payoutCredit.containsKey(p.id()))) {
                        deposited = deposited.plus(l.net());
                        batchPayouts.forEach(p -> {
                            String ref = payoutCredit.get(p.id()).entry().bankReference();
                            if (ref != null) {
                                bankRefs.add(ref);
                            }
                        });
                    }
                }
                boolean tied = issues == 0 && posTotal.equals(gross) && deposited.equals(net);
                out.add(new TieOutReport.Row(key.store(), key.channel(), key.day(), key.tender(), key.currency(), acc.tenders.size(), posTotal,
                        acc.lines.size(), acc.lines.size() - fallback, fallback, gross, fees, net, null, deposited, List.copyOf(payoutRefs),
                        List.copyOf(bankRefs), issues, tied ? TieOutReport.Status.TIED : TieOutReport.Status.OPEN));
            });
            return out;
        }

        // ---- helpers --------------------------------------------------------------------------------------------

        private Mismatch tenderMismatch(Kind kind, Tender t, Money posAmount, Money processorAmount, ProcessorLine line, String detail) {
            return new Mismatch(kind, t.store(), t.channel(), t.businessDay(), t.code(), posAmount == null ? t.amount() : posAmount,
                    posAmount, processorAmount, t.orderRef(), t.reference(), line == null ? null : line.processor(),
                    line == null ? null : line.batch(), line == null ? null : line.pspReference(), line == null ? null : line.type(), null, detail);
        }

        private Mismatch lineMismatch(Kind kind, ProcessorLine l, Tender t, String detail) {
            return new Mismatch(kind, t == null ? null : t.store(), t == null ? null : t.channel(), t == null ? l.tradeDate() : t.businessDay(),
                    t == null ? null : t.code(), l.grossOrNet(), null, null, t == null ? null : t.orderRef(),
                    t != null && t.reference() != null ? t.reference() : l.merchantReference(), l.processor(), l.batch(), l.pspReference(),
                    l.type(), null, detail);
        }

        private boolean inPeriod(LocalDate day) {
            return day != null && !day.isBefore(from) && !day.isAfter(to);
        }

        private static String batchKey(ProcessorLine line) {
            return line.processor() + "|" + line.merchantAccount() + "|" + line.batch();
        }

        private static String cashKey(String store, LocalDate day) {
            return store + "|" + day;
        }

        private static Money sum(List<Money> amounts, Money like) {
            Money total = Money.zero(like.currency());
            for (Money m : amounts) {
                if (m.currency().equals(like.currency())) {
                    total = total.plus(m);
                }
            }
            return total;
        }

        private static String abbreviate(String text) {
            return text.length() <= 140 ? text : text.substring(0, 137) + "...";
        }
    }
}
