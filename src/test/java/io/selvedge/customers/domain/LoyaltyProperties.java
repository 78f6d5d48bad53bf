package io.selvedge.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.customers.domain.LoyaltyBalances.Balance;
import io.selvedge.customers.domain.LoyaltyBalances.Posted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Loyalty points through any interleaving of earnings, redemptions, merges and unmerges, with the hub's rules: a
 * merge joins the other group's root to the survivor, an unmerge takes a record and everything merged into it back
 * out. Points are conserved (the groups together hold exactly what was posted), every record holds the sum of its
 * own movements wherever its group goes, and a redemption is refused exactly when it would overdraw the person.
 */
class LoyaltyProperties {

    private static final int RECORDS = 6;

    enum Kind { EARN, REDEEM, MERGE, UNMERGE }

    record Op(Kind kind, int a, int b, int points) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, RECORDS - 1),
                Arbitraries.integers().between(0, RECORDS - 1), Arbitraries.integers().between(1, 300))
                .as(Op::new).list().ofMaxSize(80);
    }

    @Property(tries = 500)
    void pointsAreConservedAndEveryRecordHoldsTheSumOfItsMovements(@ForAll("operations") List<Op> operations) {
        Map<String, String> mergedInto = new HashMap<>();
        Map<String, LoyaltyBalances> groups = new HashMap<>();
        Map<String, List<Long>> ledger = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            groups.put(id(i), LoyaltyBalances.of(List.of(id(i)), Map.of()));
            ledger.put(id(i), new ArrayList<>());
        }
        long posted = 0;
        for (Op op : operations) {
            String a = id(op.a());
            String b = id(op.b());
            switch (op.kind()) {
                case EARN, REDEEM -> {
                    long points = op.kind() == Kind.EARN ? op.points() : -op.points();
                    String root = root(a, mergedInto);
                    long held = groups.get(root).points();
                    var outcome = groups.get(root).post(a, points);
                    assertThat(outcome instanceof Posted).as("%s of %d with %d held", op.kind(), points, held)
                            .isEqualTo(points > 0 || held + points >= 0);
                    if (outcome instanceof Posted p) {
                        groups.put(root, p.after());
                        ledger.get(a).add(points);
                        posted += points;
                    }
                }
                case MERGE -> {
                    String survivor = root(a, mergedInto);
                    String merged = root(b, mergedInto);
                    if (!survivor.equals(merged)) {
                        groups.put(survivor, groups.get(survivor).combine(groups.remove(merged)));
                        mergedInto.put(merged, survivor);
                    }
                }
                case UNMERGE -> {
                    if (mergedInto.containsKey(a)) {
                        String root = root(a, mergedInto);
                        Set<String> leaving = descendants(a, mergedInto);
                        groups.put(a, groups.get(root).only(leaving));
                        groups.put(root, groups.get(root).without(leaving));
                        mergedInto.remove(a);
                    }
                }
            }

            assertThat(groups.values().stream().mapToLong(LoyaltyBalances::points).sum()).as("conserved after %s", op).isEqualTo(posted);
            for (int i = 0; i < RECORDS; i++) {
                String record = id(i);
                List<Long> movements = ledger.get(record);
                assertThat(groups.get(root(record, mergedInto)).of(record)).as("%s after %s", record, op)
                        .isEqualTo(new Balance(movements.stream().mapToLong(Long::longValue).sum(), movements.size()));
            }
            Map<String, Set<String>> members = new HashMap<>();
            for (int i = 0; i < RECORDS; i++) {
                members.computeIfAbsent(root(id(i), mergedInto), r -> new HashSet<>()).add(id(i));
            }
            assertThat(groups.keySet()).isEqualTo(members.keySet());
            members.forEach((root, ids) -> assertThat(groups.get(root).byRecord().keySet()).isEqualTo(ids));
        }
    }

    @Property(tries = 300)
    void anUnmergeRightAfterAMergeGivesBothBalancesBackExactly(@ForAll("operations") List<Op> earlier) {
        LoyaltyBalances left = LoyaltyBalances.of(List.of("C-L1", "C-L2"), Map.of());
        LoyaltyBalances right = LoyaltyBalances.of(List.of("C-R1", "C-R2"), Map.of());
        for (Op op : earlier) {
            long points = op.kind() == Kind.REDEEM ? -op.points() : op.points();
            if (op.a() % 2 == 0 && left.post(op.b() % 2 == 0 ? "C-L1" : "C-L2", points) instanceof Posted p) {
                left = p.after();
            } else if (op.a() % 2 == 1 && right.post(op.b() % 2 == 0 ? "C-R1" : "C-R2", points) instanceof Posted p) {
                right = p.after();
            }
        }
        LoyaltyBalances merged = left.combine(right);
        assertThat(merged.points()).isEqualTo(left.points() + right.points());
        assertThat(merged.only(right.byRecord().keySet())).isEqualTo(right);
        assertThat(merged.without(right.byRecord().keySet())).isEqualTo(left);
    }

    private static String id(int i) {
        return "C-" + i;
    }

    private static String root(String record, Map<String, String> mergedInto) {
        String at = record;
        while (mergedInto.containsKey(at)) {
            at = mergedInto.get(at);
        }
        return at;
    }

    /** The record and every record merged into it, directly or not: what an unmerge of it takes along. */
    private static Set<String> descendants(String record, Map<String, String> mergedInto) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < RECORDS; i++) {
            for (String at = id(i); at != null; at = mergedInto.get(at)) {
                if (at.equals(record)) {
                    out.add(id(i));
                    break;
                }
            }
        }
        return out;
    }
}
