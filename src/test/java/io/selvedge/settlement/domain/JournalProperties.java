package io.selvedge.settlement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * DESIGN invariant 5 over random store days of sales, returns (split over the sale's tenders), exchanges and voids of
 * each: every journal entry balances to the cent, and the journal ties to the day's transactions (tenders per type,
 * revenue, discounts and returns per category, tax, cash over/short), with late transactions tying to the adjusting
 * entries instead of the day's own.
 */
class JournalProperties {

    private static final LocalDate DAY = LocalDate.parse("2026-11-28");
    private static final Currency USD = Currency.getInstance("USD");
    private static final List<String> CATEGORIES = List.of("Shirts", "Knitwear", "Trousers", "Outerwear", "Socks");
    private static final List<String> REGISTERS = List.of("R1", "R2", "R3");
    private static final List<TenderKey> TENDERS = List.of(TenderKey.of("CASH", null), TenderKey.of("CARD", "VISA"),
            TenderKey.of("CARD", "MASTERCARD"), TenderKey.of("CARD", "AMEX"), TenderKey.of("CARD", "DISCOVER"),
            TenderKey.of("GIFT_CARD", null), TenderKey.of("STORE_CREDIT", null));
    private static final ChartOfAccounts ACCOUNTS = DemoAccounts.INSTANCE;

    @Property(tries = 400)
    void everyEntryBalancesAndTheJournalTiesToTheDaysTransactions(@ForAll("days") Day day) {
        OpenDay open = new OpenDay("STORE-ABK", DAY, USD, day.own(), day.late());
        CloseOutcome outcome = open.close(day.counts(), ACCOUNTS);
        assertThat(outcome).isInstanceOf(CloseOutcome.Closed.class);
        ClosedDay closed = ((CloseOutcome.Closed) outcome).day();

        for (JournalEntry entry : closed.journal()) {
            assertThat(entry.totalDebit()).as(entry.entryId()).isEqualTo(entry.totalCredit());
            assertThat(entry.lines()).allSatisfy(l -> assertThat(l.debitMinor() > 0 ^ l.creditMinor() > 0).isTrue());
            assertThat(entry.date()).isEqualTo(DAY);
        }
        assertThat(closed.journal().stream().map(JournalEntry::entryId).distinct().count()).isEqualTo(closed.journal().size());

        tiesTo(closed.journal(), EntryKind.DAY, day.own(), false);
        tiesTo(closed.journal(), EntryKind.ADJUSTMENT, day.late(), true);

        // cash over/short: counted minus what the day's cash tenders say the drawers hold
        long expectedCash = cash(day.own());
        long counted = day.counts().values().stream().mapToLong(Long::longValue).sum();
        long overShortPosted = closed.journal().stream().filter(e -> e.kind() == EntryKind.DAY)
                .flatMap(e -> e.lines().stream()).filter(l -> l.role() == JournalLine.Role.OVER_SHORT)
                .filter(l -> l.account().equals("6100")).mapToLong(l -> -l.signed()).sum();
        assertThat(overShortPosted).isEqualTo(counted - expectedCash);

        Settlement s = closed.settlement();
        assertThat(s.cashOverShort()).isEqualTo(counted - expectedCash);
        assertThat(s.total()).isEqualTo(s.tenders().stream().mapToLong(Settlement.TenderTotal::amount).sum());
        assertThat(s.total()).isEqualTo(day.own().stream().mapToLong(DayTransaction::total).sum());
        assertThat(s.netSales() + s.taxCollected()).isEqualTo(s.total());
        assertThat(s.netSales()).isEqualTo(signedSum(day.own(), DayTransaction.Line::net));
        assertThat(s.adjustments().total()).isEqualTo(day.late().stream().mapToLong(DayTransaction::total).sum());
        assertThat(s.lateTransactions()).hasSize(day.late().size());
        assertThat(s.salesCount() + s.voidsCount() + s.returns().count() + s.exchanges().count()).isEqualTo(day.own().size());
        assertThat(s.netSales()).isEqualTo(s.grossSales() - s.discounts() - s.voids().gross() + s.voids().discounts()
                - s.returns().net() + s.exchanges().net());
        assertThat(s.returns().total()).isEqualTo(-day.own().stream().filter(tx -> tx.reverses() == DayTransaction.Kind.RETURN)
                .mapToLong(DayTransaction::total).sum());
        assertThat(s.exchanges().total()).isEqualTo(day.own().stream().filter(tx -> tx.reverses() == DayTransaction.Kind.EXCHANGE)
                .mapToLong(DayTransaction::total).sum());
        assertThat(s.exchanges().sold() - s.exchanges().returned()).isEqualTo(s.exchanges().total());
        // every refund of the day's returns is a negative tender, and no void of a return is left un-netted
        long refunded = day.own().stream().filter(tx -> tx.reverses() == DayTransaction.Kind.RETURN)
                .flatMap(tx -> tx.tenders().stream()).mapToLong(DayTransaction.Tender::amountMinor).sum();
        long refundsOfReturns = s.refunds().stream().mapToLong(Settlement.TenderTotal::amount).sum()
                - day.own().stream().filter(tx -> tx.reverses() == DayTransaction.Kind.EXCHANGE)
                .flatMap(tx -> tx.tenders().stream().filter(t -> t.amountMinor() * tx.sign() < 0))
                .mapToLong(DayTransaction.Tender::amountMinor).sum();
        assertThat(refundsOfReturns).isEqualTo(refunded).isEqualTo(-s.returns().total());

        // the same day closes to the same journal, so a replayed close can never differ
        assertThat(((CloseOutcome.Closed) open.close(day.counts(), ACCOUNTS)).day()).isEqualTo(closed);
    }

    /** Tenders per type, revenue and discounts per category and tax in entries of {@code kind} equal the transactions'. */
    private static void tiesTo(List<JournalEntry> journal, EntryKind kind, List<DayTransaction> txs, boolean late) {
        List<JournalEntry> entries = journal.stream().filter(e -> e.kind() == kind).toList();
        Map<TenderKey, Long> tendered = new TreeMap<>();
        for (DayTransaction tx : txs) {
            for (DayTransaction.Tender t : tx.tenders()) {
                tendered.merge(t.key(), t.amountMinor(), Long::sum);
            }
        }
        for (Map.Entry<TenderKey, Long> t : tendered.entrySet()) {
            String account = late && t.getKey().isCash() ? "6100" : ACCOUNTS.tender(t.getKey()).orElseThrow();
            long posted = entries.stream().filter(e -> e.tender().equals(t.getKey())).flatMap(e -> e.lines().stream())
                    .filter(l -> l.role() == JournalLine.Role.TENDER)
                    .peek(l -> assertThat(l.account()).isEqualTo(account))
                    .mapToLong(JournalLine::signed).sum();
            assertThat(posted).as("%s %s tendered", kind, t.getKey().code()).isEqualTo(t.getValue());
        }
        for (String category : CATEGORIES) {
            long revenue = signedSum(txs, l -> l.category().equals(category) && !l.returned() ? l.gross() : 0);
            long discounts = signedSum(txs, l -> l.category().equals(category) && !l.returned() ? l.discountMinor() : 0);
            long refunds = -signedSum(txs, l -> l.category().equals(category) && l.returned() ? l.net() : 0);
            long postedRefunds = entries.stream().flatMap(e -> e.lines().stream())
                    .filter(l -> category.equals(l.category()) && l.role() == JournalLine.Role.REFUND)
                    .peek(l -> assertThat(l.account()).isEqualTo("4100")).mapToLong(JournalLine::signed).sum();
            assertThat(postedRefunds).as("%s returns and allowances %s", kind, category).isEqualTo(refunds);
            long postedRevenue = entries.stream().flatMap(e -> e.lines().stream())
                    .filter(l -> category.equals(l.category()) && l.role() == JournalLine.Role.REVENUE).mapToLong(l -> -l.signed()).sum();
            long postedDiscounts = entries.stream().flatMap(e -> e.lines().stream())
                    .filter(l -> category.equals(l.category()) && l.role() == JournalLine.Role.DISCOUNT).mapToLong(JournalLine::signed).sum();
            assertThat(postedRevenue).as("%s revenue %s", kind, category).isEqualTo(revenue);
            assertThat(postedDiscounts).as("%s discounts %s", kind, category).isEqualTo(discounts);
        }
        long tax = signedSum(txs, DayTransaction.Line::taxMinor);
        long postedTax = entries.stream().flatMap(e -> e.lines().stream()).filter(l -> l.role() == JournalLine.Role.TAX)
                .mapToLong(l -> -l.signed()).sum();
        assertThat(postedTax).as("%s tax", kind).isEqualTo(tax);
        long clearing = entries.stream().flatMap(e -> e.lines().stream()).filter(l -> l.role() == JournalLine.Role.CLEARING)
                .mapToLong(JournalLine::signed).sum();
        assertThat(clearing).as("clearing nets to zero").isZero();
        if (late) {
            assertThat(entries).allSatisfy(e -> assertThat(e.lines()).allSatisfy(l -> assertThat(l.adjustsDay()).isBefore(DAY)));
        } else {
            assertThat(entries).allSatisfy(e -> assertThat(e.lines()).allSatisfy(l -> assertThat(l.adjustsDay()).isNull()));
        }
    }

    /** Line amounts as they move the day: a void's lines against, a returned line against. */
    private static long signedSum(List<DayTransaction> txs, java.util.function.ToLongFunction<DayTransaction.Line> amount) {
        long sum = 0;
        for (DayTransaction tx : txs) {
            for (DayTransaction.Line line : tx.lines()) {
                sum += tx.sign() * line.direction() * amount.applyAsLong(line);
            }
        }
        return sum;
    }

    private static long cash(List<DayTransaction> txs) {
        return txs.stream().flatMap(tx -> tx.tenders().stream()).filter(t -> t.key().isCash())
                .mapToLong(DayTransaction.Tender::amountMinor).sum();
    }

    // --- random days ---

    record Day(List<DayTransaction> own, List<DayTransaction> late, Map<String, Long> counts) {
    }

    /** A sale before it has an id and a day. */
    record Shape(String register, boolean employee, List<DayTransaction.Line> lines, List<DayTransaction.Tender> tenders) {
    }

    @Provide
    Arbitrary<Day> days() {
        Arbitrary<List<Shape>> own = shape().list().ofMaxSize(25);
        Arbitrary<List<Shape>> late = shape().list().ofMaxSize(4);
        Arbitrary<List<Boolean>> voided = Arbitraries.of(true, false, false, false).list().ofSize(30);
        Arbitrary<List<Long>> deltas = Arbitraries.longs().between(-2_000, 2_000).list().ofSize(4);
        Arbitrary<List<Integer>> after = Arbitraries.integers().between(0, 6).list().ofSize(30);
        return Combinators.combine(own, late, voided, deltas, after).as((o, l, v, d, f) -> {
            List<DayTransaction> ownTxs = transactions(o, v, f, DAY, "T");
            List<DayTransaction> lateTxs = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                lateTxs.addAll(transactions(List.of(l.get(i)), v.subList(i, i + 1), f.subList(i + 1, i + 2), DAY.minusDays(1 + i % 3),
                        "L" + i + "-"));
            }
            Map<String, Long> expected = new HashMap<>();
            for (DayTransaction tx : ownTxs) {
                for (DayTransaction.Tender t : tx.tenders()) {
                    if (t.key().isCash()) {
                        expected.merge(tx.register(), t.amountMinor(), Long::sum);
                    }
                }
            }
            Map<String, Long> counts = new TreeMap<>();
            for (int r = 0; r < REGISTERS.size(); r++) {
                String register = REGISTERS.get(r);
                if (expected.containsKey(register)) {
                    counts.put(register, Math.max(0, expected.get(register) + d.get(r)));
                }
            }
            if (d.get(3) > 1_500) {
                counts.put("R9", d.get(3)); // a drawer counted that rang nothing
            }
            return new Day(ownTxs, lateTxs, counts);
        });
    }

    /**
     * Each shape as a sale; then, by {@code after}: 3 a return of part of its first line, refunded over the sale's
     * tenders; 4 the same, voided; 5 an exchange of that for one of its last line; 6 the same, voided. A voided sale
     * is not returned.
     */
    private static List<DayTransaction> transactions(List<Shape> shapes, List<Boolean> voided, List<Integer> after, LocalDate day,
                                                     String prefix) {
        List<DayTransaction> out = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            String id = prefix + i;
            String register = REGISTERS.get((i + 1) % REGISTERS.size());
            DayTransaction sale = new DayTransaction(id, DayTransaction.Kind.SALE, s.register(), day, s.employee(), s.lines(), s.tenders());
            out.add(sale);
            int next = after.get(i % after.size());
            if (voided.get(i % voided.size())) {
                out.add(voidOf(sale, "V" + id, register));
            } else if (next >= 3) {
                DayTransaction.Line first = s.lines().get(0);
                long q = Math.max(1, first.quantity() / 2);
                DayTransaction.Line back = new DayTransaction.Line(first.category(), q, first.unitPriceMinor(),
                        first.discountMinor() * q / first.quantity(), first.taxMinor() * q / first.quantity(), true);
                DayTransaction follow;
                if (next <= 4) {
                    follow = new DayTransaction("R" + id, DayTransaction.Kind.RETURN, register, day, false, List.of(back),
                            refund(back.total(), s.tenders()));
                } else {
                    DayTransaction.Line last = s.lines().get(s.lines().size() - 1);
                    DayTransaction.Line sold = new DayTransaction.Line(last.category(), 1, last.unitPriceMinor() + 1_000, 0,
                            last.taxMinor() / last.quantity());
                    long difference = sold.total() - back.total();
                    List<DayTransaction.Tender> tenders = difference > 0 ? List.of(new DayTransaction.Tender(TENDERS.get(1), difference))
                            : difference < 0 ? refund(-difference, s.tenders()) : List.of();
                    follow = new DayTransaction("X" + id, DayTransaction.Kind.EXCHANGE, register, day, false, List.of(back, sold), tenders);
                }
                out.add(follow);
                if (next == 4 || next == 6) {
                    out.add(voidOf(follow, "V" + follow.id(), s.register()));
                }
            }
        }
        return out;
    }

    private static DayTransaction voidOf(DayTransaction tx, String id, String register) {
        List<DayTransaction.Tender> reversed = tx.tenders().stream().map(t -> new DayTransaction.Tender(t.key(), -t.amountMinor())).toList();
        return new DayTransaction(id, DayTransaction.Kind.VOID, register, tx.businessDay(), false, tx.lines(), reversed);
    }

    /** {@code amount} paid back (negative tenders): half to the sale's first tender, the rest to its second if any. */
    private static List<DayTransaction.Tender> refund(long amount, List<DayTransaction.Tender> paidWith) {
        if (amount == 0) {
            return List.of();
        }
        TenderKey first = paidWith.isEmpty() ? TENDERS.get(0) : paidWith.get(0).key();
        if (paidWith.size() < 2 || amount < 2) {
            return List.of(new DayTransaction.Tender(first, -amount));
        }
        return List.of(new DayTransaction.Tender(first, -(amount / 2)), new DayTransaction.Tender(paidWith.get(1).key(), -(amount - amount / 2)));
    }

    private Arbitrary<Shape> shape() {
        Arbitrary<DayTransaction.Line> line = Combinators.combine(
                Arbitraries.of(CATEGORIES),
                Arbitraries.longs().between(1, 5),
                Arbitraries.longs().between(0, 50_000),
                Arbitraries.of(0, 0, 0, 10, 33, 50, 100, 7),
                Arbitraries.of(0, 0, 8, 9, 10, 25)).as((category, quantity, price, discountPercent, taxPercent) -> {
                    long gross = quantity * price;
                    long discount = gross * discountPercent / 100;
                    long tax = (gross - discount) * taxPercent / 100 + (taxPercent == 9 ? 1 : 0);
                    return new DayTransaction.Line(category, quantity, price, discount, tax);
                });
        return Combinators.combine(Arbitraries.of(REGISTERS), Arbitraries.of(false, false, true), line.list().ofMinSize(1).ofMaxSize(4))
                .flatAs((register, employee, lines) -> {
                    long total = lines.stream().mapToLong(DayTransaction.Line::total).sum();
                    return tenders(total).map(tenders -> new Shape(register, employee, lines, tenders));
                });
    }

    /** 1 to 3 tenders adding up to {@code total}, sometimes with cash change given back (a negative cash tender). */
    private Arbitrary<List<DayTransaction.Tender>> tenders(long total) {
        Arbitrary<TenderKey> key = Arbitraries.of(TENDERS);
        if (total == 0) {
            Arbitrary<List<DayTransaction.Tender>> none = Arbitraries.just(List.of());
            Arbitrary<List<DayTransaction.Tender>> zeroCash = Arbitraries.just(List.of(new DayTransaction.Tender(TENDERS.get(0), 0)));
            // a gift card cashed out against a zero-total sale: tender changes hands, no revenue
            Arbitrary<List<DayTransaction.Tender>> swapped = Combinators.combine(key, Arbitraries.longs().between(1, 5_000))
                    .as((k, a) -> List.of(new DayTransaction.Tender(k, a), new DayTransaction.Tender(TENDERS.get(0), -a)));
            return Arbitraries.oneOf(none, zeroCash, swapped);
        }
        return Combinators.combine(key.list().ofMinSize(1).ofMaxSize(3), Arbitraries.longs().between(0, total).list().ofSize(2),
                Arbitraries.of(0L, 0L, 0L, 55L, 1_000L)).as((keys, cuts, change) -> {
                    List<Long> points = new ArrayList<>(cuts.subList(0, keys.size() - 1));
                    points.sort(Long::compare);
                    List<DayTransaction.Tender> out = new ArrayList<>();
                    long previous = 0;
                    for (int i = 0; i < keys.size(); i++) {
                        long point = i == keys.size() - 1 ? total : points.get(i);
                        long amount = point - previous;
                        previous = point;
                        boolean last = i == keys.size() - 1;
                        out.add(new DayTransaction.Tender(keys.get(i), last ? amount + change : amount));
                    }
                    if (change != 0) {
                        out.add(new DayTransaction.Tender(TENDERS.get(0), -change));
                    }
                    return out;
                });
    }
}
