package io.selvedge.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * DESIGN invariant 1 over the domain alone: whatever random interleaving of receipts, damages, samples, counts,
 * adjustments, sales, voids and holds (placed, posted, voided) runs, per SKU every balance column sums to zero
 * over all accounts, each balance equals the sum of its entries, and held units equal the pending holds.
 */
class LedgerProperties {

    private static final List<String> LOCATIONS = List.of("WH1", "STORE-A", "STORE-B");
    private static final List<String> SKUS = List.of("A", "B", "C");
    private static final Instant T = Instant.parse("2026-11-27T08:00:00Z");

    enum Kind { RECEIPT, DAMAGE, SAMPLE, COUNT, ADJUSTMENT, SALE, EMPLOYEE_SALE, VOID, RESERVE, ALLOCATE, POST, RELEASE, EXPIRE }

    record Op(Kind kind, String location, String sku, int quantity, int pick) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.of(Kind.class), Arbitraries.of(LOCATIONS), Arbitraries.of(SKUS),
                Arbitraries.integers().between(-5, 12), Arbitraries.integers().between(0, 1000))
                .as(Op::new);
        return op.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void unitsAreConservedAndEveryBalanceIsTheSumOfItsEntries(@ForAll("operations") List<Op> operations) {
        Book book = new Book();
        List<List<Entry>> sales = new ArrayList<>();
        List<Boolean> reversed = new ArrayList<>();
        List<Hold> holds = new ArrayList<>();

        for (Op op : operations) {
            long q = Math.abs(op.quantity()) + 1;
            List<Movements.Line> line = List.of(new Movements.Line(op.sku(), q));
            switch (op.kind()) {
                case RECEIPT -> book.post(posted(Movements.receipt(op.location(), line)));
                case DAMAGE -> book.post(posted(Movements.damage(op.location(), line)));
                case SAMPLE -> book.post(posted(Movements.sample(op.location(), line)));
                case ADJUSTMENT -> {
                    if (op.quantity() != 0) {
                        book.post(posted(Movements.adjustment(op.location(), List.of(new Movements.Line(op.sku(), op.quantity())))));
                    }
                }
                case COUNT -> {
                    long counted = Math.abs(op.quantity());
                    Map<String, Long> asOf = Map.of(op.sku(), book.figures(op.location(), op.sku()).onHand());
                    book.post(posted(Movements.count(op.location(), List.of(new Movements.Line(op.sku(), counted)), asOf)));
                    assertThat(book.figures(op.location(), op.sku()).onHand()).as("a count sets on-hand to the counted figure").isEqualTo(counted);
                }
                case SALE, EMPLOYEE_SALE -> {
                    List<Entry> sale = posted(Movements.sale(op.location(), line, op.kind() == Kind.EMPLOYEE_SALE));
                    book.post(sale);
                    sales.add(sale);
                    reversed.add(false);
                }
                case VOID -> {
                    if (!sales.isEmpty()) {
                        int i = op.pick() % sales.size();
                        if (!reversed.get(i)) {
                            book.post(posted(Movements.reversal(sales.get(i))));
                            reversed.set(i, true);
                        }
                    }
                }
                case RESERVE, ALLOCATE -> {
                    HoldId.Kind kind = op.kind() == Kind.RESERVE ? HoldId.Kind.RESERVATION : HoldId.Kind.ALLOCATION;
                    ChannelPool pool = op.kind() == Kind.RESERVE ? new ChannelPool("web", LOCATIONS, op.pick() % 3)
                            : new ChannelPool(op.location(), List.of(op.location()), 0);
                    Map<String, Map<String, Figures>> figures = new HashMap<>();
                    for (String location : pool.locations()) {
                        figures.computeIfAbsent(op.sku(), s -> new HashMap<>()).put(location, book.figures(location, op.sku()));
                    }
                    if (pool.take(Map.of(op.sku(), q), figures) instanceof ChannelPool.Picked picked) {
                        List<Long> ids = book.post(PendingHold.placing(kind, picked.picks()));
                        List<HeldLine> lines = new ArrayList<>();
                        for (int i = 0; i < ids.size(); i++) {
                            ChannelPool.Pick p = picked.picks().get(i);
                            lines.add(new HeldLine(p.sku(), p.location(), p.quantity(), ids.get(i)));
                        }
                        holds.add(new PendingHold(new HoldId(kind, "H" + holds.size()), "web", null, lines, T, T.plusSeconds(600)));
                        assertThat(available(book, pool)).as("a hold never takes more than was available").isGreaterThanOrEqualTo(0);
                    }
                }
                case POST, RELEASE, EXPIRE -> {
                    if (!holds.isEmpty()) {
                        int i = op.pick() % holds.size();
                        if (holds.get(i) instanceof PendingHold pending) {
                            if (op.kind() == Kind.POST) {
                                book.post(pending.postingEntries());
                                holds.set(i, pending.post("M" + i, T));
                            } else {
                                book.post(pending.voidingEntries());
                                holds.set(i, pending.voidFor(op.kind() == Kind.EXPIRE ? Hold.VoidReason.EXPIRED : Hold.VoidReason.RELEASED,
                                        "M" + i, T));
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException();
            }
            checkInvariants(book, holds);
        }
    }

    private static void checkInvariants(Book book, List<Hold> holds) {
        for (String sku : book.skus()) {
            long posted = 0;
            long pendingOut = 0;
            long pendingIn = 0;
            for (Map.Entry<Book.Key, Book.Balance> e : book.balances.entrySet()) {
                if (e.getKey().sku().equals(sku)) {
                    posted += e.getValue().posted();
                    pendingOut += e.getValue().pendingOut();
                    pendingIn += e.getValue().pendingIn();
                    assertThat(e.getValue()).as("balance %s = sum of its entries", e.getKey())
                            .isEqualTo(book.fromEntries(e.getKey().account(), sku));
                }
            }
            assertThat(posted).as("posted units of %s sum to zero", sku).isZero();
            assertThat(pendingOut).as("pending units of %s balance", sku).isEqualTo(pendingIn);
        }
        for (String location : LOCATIONS) {
            for (String sku : SKUS) {
                long held = holds.stream().filter(h -> h instanceof PendingHold).flatMap(h -> h.lines().stream())
                        .filter(l -> l.location().equals(location) && l.sku().equals(sku)).mapToLong(HeldLine::quantity).sum();
                Figures figures = book.figures(location, sku);
                assertThat(figures.allocated()).as("held at %s of %s are the pending holds", location, sku).isEqualTo(held);
                assertThat(figures.available()).isGreaterThanOrEqualTo(0);
            }
        }
    }

    private static long available(Book book, ChannelPool pool) {
        return SKUS.stream().mapToLong(sku -> {
            Map<String, Figures> byLocation = new HashMap<>();
            pool.locations().forEach(l -> byLocation.put(l, book.figures(l, sku)));
            return pool.available(byLocation);
        }).min().orElse(0);
    }

    private static List<Entry> posted(List<Transfer> transfers) {
        return transfers.stream().map(Entry::posted).toList();
    }
}
