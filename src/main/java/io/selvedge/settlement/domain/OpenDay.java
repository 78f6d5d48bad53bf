package io.selvedge.settlement.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A store's business day before it closes: its own transactions, and the late ones (transactions of earlier
 * days that were already closed when they arrived). {@link #close} turns it into a settlement and a journal.
 *
 * <p>Accounting choices, in one place:
 * <ul>
 * <li>Revenue is credited at the price charged (quantity × unit price) per category, and each category's
 *     discounts are debited to the discounts account, so revenue at list = net revenue + discounts.</li>
 * <li>One entry per tender type (card per brand): debit the tender's clearing or liability account, credit
 *     revenue, debit discounts, credit sales tax. A transaction paid with several tenders is split across them
 *     in proportion with {@link LargestRemainder}, so each entry balances and each total ties to the cent.</li>
 * <li>Voids reverse: their lines post on the opposite sides with the memo "voids", never netted into sales. A void
 *     of a return or an exchange reverses that transaction's lines the same way.</li>
 * <li>Returns post to returns and allowances (the contract's {@code refunds}, a contra-revenue account) rather than
 *     debiting revenue: revenue keeps what was sold, and finance sees what came back. The debit is what was refunded
 *     before tax (price charged less the line's discount), so the discounts account keeps the discounts given on sales;
 *     the returned tax is debited to sales tax payable; the refund tender's clearing or liability account is credited.
 *     A returned line nets to exactly what its original line brought in before tax.</li>
 * <li>Exchanges are one transaction: their sold lines post as sales and their returned lines as returns, split over
 *     the exchange's tenders (the difference) like any transaction, so an even exchange posts in the NO_TENDER entry
 *     with no tender line and a refund-against-revenue pair that balances by itself.</li>
 * <li>Cash over/short (counted minus expected) posts in the CASH entry against the cash over/short account.</li>
 * <li>Late transactions post in an adjusting entry per tender type (kind ADJUSTMENT) dated this day, each line
 *     naming the day it adjusts. Their cash was in that day's drawer count, which already booked it as over or
 *     short, so late cash moves out of cash over/short instead of into cash again.</li>
 * </ul>
 */
public record OpenDay(String store, LocalDate businessDay, Currency currency, List<DayTransaction> transactions,
                      List<DayTransaction> late) {

    public OpenDay {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(businessDay, "businessDay");
        Objects.requireNonNull(currency, "currency");
        transactions = List.copyOf(transactions);
        late = List.copyOf(late);
        for (DayTransaction tx : transactions) {
            if (!tx.businessDay().equals(businessDay)) {
                throw new IllegalArgumentException("transaction " + tx.id() + " is of " + tx.businessDay() + ", not " + businessDay);
            }
        }
        for (DayTransaction tx : late) {
            if (!tx.businessDay().isBefore(businessDay)) {
                throw new IllegalArgumentException("late transaction " + tx.id() + " must be of a day before " + businessDay);
            }
        }
    }

    /** Closes the day with the counted cash per register (minor units). */
    public CloseOutcome close(Map<String, Long> drawerCounts, ChartOfAccounts accounts) {
        Map<String, Long> expected = new TreeMap<>();
        for (DayTransaction tx : transactions) {
            for (DayTransaction.Tender tender : tx.tenders()) {
                if (tender.key().isCash()) {
                    expected.merge(register(tx), tender.amountMinor(), Math::addExact);
                }
            }
        }
        List<String> missing = expected.keySet().stream().filter(r -> !drawerCounts.containsKey(r)).toList();
        if (!missing.isEmpty()) {
            return new CloseOutcome.MissingDrawerCount(missing);
        }
        List<Settlement.Drawer> drawers = new ArrayList<>();
        long overShort = 0;
        Set<String> registers = new TreeSet<>(expected.keySet());
        registers.addAll(drawerCounts.keySet());
        for (String register : registers) {
            long want = expected.getOrDefault(register, 0L);
            long counted = drawerCounts.getOrDefault(register, 0L);
            long difference = Math.subtractExact(counted, want);
            drawers.add(new Settlement.Drawer(register, want, counted, difference));
            overShort = Math.addExact(overShort, difference);
        }

        Postings postings = new Postings();
        transactions.forEach(tx -> postings.add(new Section(tx.kind(), null), tx));
        late.forEach(tx -> postings.add(new Section(tx.kind(), tx.businessDay()), tx));
        List<JournalEntry> journal;
        try {
            journal = journal(postings, overShort, accounts);
        } catch (Unmapped unmapped) {
            return new CloseOutcome.UnmappedAccount(unmapped.group, unmapped.key);
        }
        return new CloseOutcome.Closed(new ClosedDay(settlement(drawers, overShort), journal));
    }

    private static String register(DayTransaction tx) {
        return tx.register() == null ? "" : tx.register();
    }

    // --- the settlement ---

    private Settlement settlement(List<Settlement.Drawer> drawers, long overShort) {
        int sales = 0;
        int voids = 0;
        long gross = 0;
        long discounts = 0;
        long voidGross = 0;
        long voidDiscounts = 0;
        long voidTax = 0;
        long voidTotal = 0;
        int saleVoids = 0;
        int employeeCount = 0;
        long employeeGross = 0;
        long employeeDiscounts = 0;
        long employeeTotal = 0;
        Figures returns = new Figures();
        Figures exchanges = new Figures();
        long netSales = 0;
        long taxCollected = 0;
        for (DayTransaction tx : transactions) {
            long txGross = 0;
            long txDiscount = 0;
            long txTax = 0;
            for (DayTransaction.Line line : tx.lines()) {
                txGross = Math.addExact(txGross, line.gross());
                txDiscount = Math.addExact(txDiscount, line.discountMinor());
                txTax = Math.addExact(txTax, line.taxMinor());
                int signed = tx.sign() * line.direction();
                netSales = Math.addExact(netSales, Math.multiplyExact(line.net(), signed));
                taxCollected = Math.addExact(taxCollected, Math.multiplyExact(line.taxMinor(), signed));
            }
            long txTotal = Math.addExact(Math.subtractExact(txGross, txDiscount), txTax);
            if (tx.kind() == DayTransaction.Kind.VOID) {
                voids++;
            }
            switch (tx.reverses()) {
                case SALE -> {
                    if (tx.kind() == DayTransaction.Kind.SALE) {
                        sales++;
                        gross = Math.addExact(gross, txGross);
                        discounts = Math.addExact(discounts, txDiscount);
                        if (tx.employeeSale()) {
                            employeeCount++;
                            employeeGross = Math.addExact(employeeGross, txGross);
                            employeeDiscounts = Math.addExact(employeeDiscounts, txDiscount);
                            employeeTotal = Math.addExact(employeeTotal, txTotal);
                        }
                    } else {
                        saleVoids++;
                        voidGross = Math.addExact(voidGross, txGross);
                        voidDiscounts = Math.addExact(voidDiscounts, txDiscount);
                        voidTax = Math.addExact(voidTax, txTax);
                        voidTotal = Math.addExact(voidTotal, txTotal);
                    }
                }
                case RETURN -> returns.add(tx);
                case EXCHANGE -> exchanges.add(tx);
                case VOID -> throw new IllegalStateException("a void reverses a sale, a return or an exchange");
            }
        }

        List<Settlement.LateTransaction> lateList = new ArrayList<>();
        long lateNet = 0;
        long lateTax = 0;
        long lateTotal = 0;
        for (DayTransaction tx : late.stream().sorted(Comparator.comparing(DayTransaction::businessDay)
                .thenComparing(DayTransaction::id)).toList()) {
            for (DayTransaction.Line line : tx.lines()) {
                int signed = tx.sign() * line.direction();
                lateNet = Math.addExact(lateNet, Math.multiplyExact(line.net(), signed));
                lateTax = Math.addExact(lateTax, Math.multiplyExact(line.taxMinor(), signed));
            }
            lateTotal = Math.addExact(lateTotal, tx.total());
            lateList.add(new Settlement.LateTransaction(tx.id(), tx.businessDay(), tx.kind(), tx.register(), tx.total()));
        }
        return new Settlement(store, businessDay, currency, sales, voids, gross, discounts,
                new Settlement.Reversal(saleVoids, voidGross, voidDiscounts, voidTax, voidTotal),
                new Settlement.Returns(returns.count, returns.voided, -returns.net, -returns.tax, -Math.addExact(returns.net, returns.tax)),
                new Settlement.Exchanges(exchanges.count, exchanges.voided, exchanges.returned, exchanges.sold, exchanges.net, exchanges.tax,
                        Math.addExact(exchanges.net, exchanges.tax)),
                refunds(transactions),
                netSales, taxCollected, Math.addExact(netSales, taxCollected),
                new Settlement.EmployeeSales(employeeCount, employeeGross, employeeDiscounts, employeeTotal),
                tenderTotals(transactions), drawers, overShort, lateList,
                new Settlement.Adjustments(late.size(), lateNet, lateTax, lateTotal, tenderTotals(late)));
    }

    /**
     * Returns or exchanges, net of the day's voids of them: what they rang (returned and sold lines, with tax) and
     * their signed effect on net sales and tax (a void of a return puts back what the return took).
     */
    private static final class Figures {

        int count;
        int voided;
        long returned;
        long sold;
        long net;
        long tax;

        void add(DayTransaction tx) {
            if (tx.kind() == DayTransaction.Kind.VOID) {
                voided++;
            } else {
                count++;
            }
            for (DayTransaction.Line line : tx.lines()) {
                int signed = tx.sign() * line.direction();
                long total = Math.multiplyExact(line.total(), tx.sign());
                if (line.returned()) {
                    returned = Math.addExact(returned, total);
                } else {
                    sold = Math.addExact(sold, total);
                }
                net = Math.addExact(net, Math.multiplyExact(line.net(), signed));
                tax = Math.addExact(tax, Math.multiplyExact(line.taxMinor(), signed));
            }
        }
    }

    /**
     * Money paid back per tender type: the refund tenders of returns and exchanges (negative), less what the day's
     * voids of them took back. {@code count} counts refund tender lines, a voided one counting minus one.
     */
    private static List<Settlement.TenderTotal> refunds(List<DayTransaction> txs) {
        Map<TenderKey, long[]> totals = new TreeMap<>();
        for (DayTransaction tx : txs) {
            if (tx.reverses() != DayTransaction.Kind.RETURN && tx.reverses() != DayTransaction.Kind.EXCHANGE) {
                continue;
            }
            for (DayTransaction.Tender tender : tx.tenders()) {
                if (Math.multiplyExact(tender.amountMinor(), tx.sign()) < 0) {
                    long[] total = totals.computeIfAbsent(tender.key(), k -> new long[2]);
                    total[0] += tx.sign();
                    total[1] = Math.addExact(total[1], tender.amountMinor());
                }
            }
        }
        List<Settlement.TenderTotal> out = new ArrayList<>();
        totals.forEach((key, total) -> out.add(new Settlement.TenderTotal(key, (int) total[0], total[1])));
        return out;
    }

    private static List<Settlement.TenderTotal> tenderTotals(List<DayTransaction> txs) {
        Map<TenderKey, long[]> totals = new TreeMap<>();
        for (DayTransaction tx : txs) {
            for (DayTransaction.Tender tender : tx.tenders()) {
                long[] total = totals.computeIfAbsent(tender.key(), k -> new long[2]);
                total[0]++;
                total[1] = Math.addExact(total[1], tender.amountMinor());
            }
        }
        List<Settlement.TenderTotal> out = new ArrayList<>();
        totals.forEach((key, total) -> out.add(new Settlement.TenderTotal(key, (int) total[0], total[1])));
        return out;
    }

    // --- the journal ---

    /** Own transactions have no {@code adjusts} day; late ones name the closed day they belong to. */
    record Section(DayTransaction.Kind kind, LocalDate adjusts) implements Comparable<Section> {

        private static final Comparator<Section> ORDER = Comparator
                .comparing(Section::adjusts, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Section::kind);

        boolean late() {
            return adjusts != null;
        }

        String label() {
            String what = switch (kind) {
                case SALE -> "sales";
                case RETURN -> "returns";
                case EXCHANGE -> "exchanges";
                case VOID -> "voids";
            };
            return adjusts == null ? what : "late " + what + " of " + adjusts;
        }

        @Override
        public int compareTo(Section other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * Every transaction's money, split across its tenders and summed per tender type and section: what was
     * tendered, and each tender's share of each part (credit positive).
     */
    static final class Postings {

        final Map<TenderKey, Map<Section, Long>> tendered = new TreeMap<>();
        final Map<TenderKey, Map<Section, Map<Part, Long>>> parts = new TreeMap<>();

        void add(Section section, DayTransaction tx) {
            TreeMap<Part, Long> byPart = new TreeMap<>();
            for (DayTransaction.Line line : tx.lines()) {
                if (line.returned()) {
                    // returns and allowances at what was refunded before tax; the returned tax comes off sales tax payable
                    byPart.merge(Part.refund(line.category()), -line.net(), Math::addExact);
                } else {
                    byPart.merge(Part.revenue(line.category()), line.gross(), Math::addExact);
                    if (line.discountMinor() != 0) {
                        byPart.merge(Part.discount(line.category()), -line.discountMinor(), Math::addExact);
                    }
                }
                if (line.taxMinor() != 0) {
                    byPart.merge(Part.TAX, Math.multiplyExact(line.taxMinor(), line.direction()), Math::addExact);
                }
            }
            List<Part> columns = new ArrayList<>(byPart.keySet());
            columns.add(Part.CLEARING); // the last column of LargestRemainder.spread
            long[] amounts = new long[columns.size()];
            for (int j = 0; j < columns.size() - 1; j++) {
                amounts[j] = byPart.get(columns.get(j));
            }
            List<DayTransaction.Tender> tenders = tx.tenders().isEmpty()
                    ? List.of(new DayTransaction.Tender(TenderKey.NO_TENDER, 0)) : tx.tenders();
            // split as the transaction it is (or voids), then sign it: a void reverses that transaction's split exactly
            int sign = tx.sign();
            long[] asSold = new long[tenders.size()];
            for (int k = 0; k < tenders.size(); k++) {
                asSold[k] = Math.multiplyExact(tenders.get(k).amountMinor(), sign);
            }
            long[][] cells = LargestRemainder.spread(asSold, amounts);
            for (int k = 0; k < tenders.size(); k++) {
                TenderKey key = tenders.get(k).key();
                tendered.computeIfAbsent(key, x -> new TreeMap<>()).merge(section, tenders.get(k).amountMinor(), Math::addExact);
                Map<Part, Long> share = parts.computeIfAbsent(key, x -> new TreeMap<>()).computeIfAbsent(section, x -> new TreeMap<>());
                for (int j = 0; j < columns.size(); j++) {
                    if (cells[k][j] != 0) {
                        share.merge(columns.get(j), Math.multiplyExact(cells[k][j], sign), Math::addExact);
                    }
                }
            }
        }
    }

    private List<JournalEntry> journal(Postings postings, long overShort, ChartOfAccounts accounts) {
        Set<TenderKey> keys = new TreeSet<>(postings.tendered.keySet());
        if (overShort != 0) {
            keys.add(TenderKey.of(TenderKey.CASH, null));
        }
        List<JournalEntry> entries = new ArrayList<>();
        for (EntryKind kind : EntryKind.values()) {
            for (TenderKey key : keys) {
                Lines lines = new Lines();
                Set<Section> sections = new TreeSet<>(postings.tendered.getOrDefault(key, Map.of()).keySet());
                for (Section section : sections) {
                    if (section.late() != (kind == EntryKind.ADJUSTMENT)) {
                        continue;
                    }
                    tenderLine(lines, key, section, postings.tendered.get(key).get(section), accounts);
                    Map<Part, Long> share = postings.parts.get(key).getOrDefault(section, Map.of());
                    for (Map.Entry<Part, Long> part : share.entrySet()) {
                        lines.add(role(part.getKey()), account(part.getKey(), accounts), memo(part.getKey(), section), part.getKey().category(),
                                section.adjusts(), -part.getValue());
                    }
                }
                if (kind == EntryKind.DAY && key.isCash() && overShort != 0) {
                    String memo = "cash over/short: counted minus expected";
                    lines.add(JournalLine.Role.OVER_SHORT, need(accounts.tender(key), "tenders", TenderKey.CASH), memo, null, null, overShort);
                    lines.add(JournalLine.Role.OVER_SHORT, need(accounts.cashOverShort(), "cashOverShort", "default"), memo, null, null,
                            -overShort);
                }
                List<JournalLine> posted = lines.toLines();
                if (!posted.isEmpty()) {
                    entries.add(new JournalEntry(JournalEntry.id(store, businessDay, key, kind), store, businessDay, key, kind,
                            currency, posted));
                }
            }
        }
        return entries;
    }

    /** Nothing tendered (NO_TENDER, or tenders that net out) needs no line, so no account either. */
    private static void tenderLine(Lines lines, TenderKey key, Section section, long amount, ChartOfAccounts accounts) {
        if (amount == 0) {
            return;
        }
        if (section.late() && key.isCash()) {
            lines.add(JournalLine.Role.TENDER, need(accounts.cashOverShort(), "cashOverShort", "default"),
                    "CASH " + section.label() + " (in that day's drawer count, so out of over/short)", null, section.adjusts(), amount);
        } else {
            lines.add(JournalLine.Role.TENDER, need(accounts.tender(key), "tenders", key.brand() == null ? key.type() : key.brand()),
                    key.code() + " " + section.label(), null, section.adjusts(), amount);
        }
    }

    private static String account(Part part, ChartOfAccounts accounts) {
        return switch (part.kind()) {
            case REVENUE -> need(accounts.revenue(part.category()), "revenue", part.category());
            case DISCOUNT -> need(accounts.discount(part.category()), "discounts", part.category());
            case REFUND -> need(accounts.refunds(part.category()), "refunds", part.category());
            case TAX -> need(accounts.salesTax(), "salesTax", "default");
            case CLEARING -> need(accounts.clearing(), "clearing", "default");
        };
    }

    private static JournalLine.Role role(Part part) {
        return switch (part.kind()) {
            case REVENUE -> JournalLine.Role.REVENUE;
            case DISCOUNT -> JournalLine.Role.DISCOUNT;
            case REFUND -> JournalLine.Role.REFUND;
            case TAX -> JournalLine.Role.TAX;
            case CLEARING -> JournalLine.Role.CLEARING;
        };
    }

    private static String memo(Part part, Section section) {
        String what = switch (part.kind()) {
            case REVENUE -> "revenue " + part.category();
            case DISCOUNT -> "discounts " + part.category();
            case REFUND -> "returns and allowances " + part.category();
            case TAX -> "sales tax";
            case CLEARING -> "tender exchanged on zero-total transactions";
        };
        return what + ", " + section.label();
    }

    private static String need(Optional<String> account, String group, String key) {
        return account.orElseThrow(() -> new Unmapped(group, key));
    }

    /** Lines of one entry being built: signed amounts (debit positive) summed per account, memo, category and day. */
    private static final class Lines {

        private record Key(JournalLine.Role role, String account, String memo, String category, LocalDate adjustsDay) {
        }

        private final Map<Key, Long> amounts = new LinkedHashMap<>();

        void add(JournalLine.Role role, String account, String memo, String category, LocalDate adjustsDay, long signedDebit) {
            amounts.merge(new Key(role, account, memo, category, adjustsDay), signedDebit, Math::addExact);
        }

        List<JournalLine> toLines() {
            List<JournalLine> lines = new ArrayList<>();
            for (Map.Entry<Key, Long> e : amounts.entrySet()) {
                long amount = e.getValue();
                if (amount == 0) {
                    continue;
                }
                Key k = e.getKey();
                lines.add(new JournalLine(lines.size() + 1, k.role(), k.account(), Math.max(amount, 0), Math.max(-amount, 0), k.memo(),
                        k.category(), k.adjustsDay()));
            }
            return lines;
        }
    }

    private static final class Unmapped extends RuntimeException {

        private final String group;
        private final String key;

        Unmapped(String group, String key) {
            super(group + "/" + key, null, false, false);
            this.group = group;
            this.key = key;
        }
    }
}
