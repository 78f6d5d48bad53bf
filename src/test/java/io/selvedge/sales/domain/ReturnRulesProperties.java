package io.selvedge.sales.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/** DESIGN invariant 4 over any sale and any return: what the rules accept never takes more than is left, per line and per payment. */
class ReturnRulesProperties {

    private static final List<TenderKey> KEYS = List.of(new TenderKey("CARD", "VISA", "A", "1111"), new TenderKey("CARD", "AMEX", "B", "2222"),
            new TenderKey("CASH", null, null, null), new TenderKey("GIFT_CARD", null, "G", null));

    @Property(tries = 500)
    void acceptedReturnsStayWithinWhatWasSoldAndPaid(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 2, max = 6) Integer> sold,
                                                     @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 2) Integer> returned,
                                                     @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 10_000, max = 70_000) Integer> paid,
                                                     @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 10) Integer> weights,
                                                     @ForAll @IntRange(min = 0, max = 1) int alreadyBack, @ForAll boolean storeCredit,
                                                     @ForAll @IntRange(min = 0, max = 100) int refundedPercent) {
        Map<Integer, OriginalOrder.Line> lines = new HashMap<>();
        for (int i = 0; i < sold.size(); i++) {
            long back = Math.min(alreadyBack, sold.get(i));
            lines.put(i + 1, new OriginalOrder.Line(i + 1, "SKU-" + i, sold.get(i), sold.get(i) * 10_000L, back, back * 10_000L, false));
        }
        List<OriginalOrder.Capacity> capacities = new ArrayList<>();
        for (int i = 0; i < paid.size(); i++) {
            capacities.add(new OriginalOrder.Capacity(KEYS.get(i), paid.get(i)));
        }
        OriginalOrder order = new OriginalOrder("S", "SALE", "POS", "STORE-ABK", "STORE-ABK", "USD", false, false, null, lines, capacities);
        List<ReturnRules.Returned> claims = new ArrayList<>();
        for (int i = 0; i < returned.size(); i++) {
            int lineNo = i % sold.size() + 1;
            claims.add(new ReturnRules.Returned(i, i + 1, "SKU-" + (lineNo - 1), Math.max(1, returned.get(i)), Math.max(1, returned.get(i)) * 10_000L,
                    "S", lineNo));
        }
        // refunds spread by weight over the payments (and store credit), for some share of what comes back: an exchange keeps the rest
        long value = claims.stream().mapToLong(ReturnRules.Returned::amountMinor).sum();
        long toRefund = value * refundedPercent / 100;
        int totalWeight = weights.stream().mapToInt(Integer::intValue).sum();
        List<ReturnRules.Tender> tenders = new ArrayList<>();
        long spread = 0;
        for (int i = 0; i < weights.size() && totalWeight > 0; i++) {
            TenderKey key = storeCredit && i == 0 ? new TenderKey("STORE_CREDIT", null, null, null) : KEYS.get(i % KEYS.size());
            long amount = i == weights.size() - 1 ? toRefund - spread : toRefund * weights.get(i) / totalWeight;
            spread += amount;
            tenders.add(new ReturnRules.Tender(i, key, -amount));
        }
        ReturnPolicy policy = ReturnPolicy.of((name, fallback) -> name.equals("returns.refundTo") ? "STORE_CREDIT" : fallback);

        ReturnOutcome outcome = ReturnRules.decide(claims, Map.of("S", order), tenders, "USD", policy);
        Statistics.collect(outcome instanceof ReturnOutcome.Accepted ? "accepted" : "refused");
        // a property that only ever sees refusals proves nothing
        Statistics.coverage(coverage -> coverage.check("accepted").percentage(p -> p > 20));
        if (!(outcome instanceof ReturnOutcome.Accepted accepted)) {
            return;
        }
        Map<Integer, Long> back = new HashMap<>();
        claims.forEach(c -> back.merge(c.originalLineNo(), c.quantity(), Long::sum));
        back.forEach((lineNo, quantity) -> assertThat(quantity + lines.get(lineNo).returnedQuantity())
                .as("line %d", lineNo).isLessThanOrEqualTo(lines.get(lineNo).quantity()));
        Map<TenderKey, Long> drawn = new HashMap<>();
        accepted.draws().forEach(d -> drawn.merge(d.key(), d.amountMinor(), Long::sum));
        capacities.forEach(c -> assertThat(drawn.getOrDefault(c.key(), 0L)).as("drawn from %s", c.key()).isLessThanOrEqualTo(c.remainingMinor()));
        assertThat(drawn.values().stream().mapToLong(Long::longValue).sum()).as("every returned cent comes out of a payment").isEqualTo(value);
        long reused = accepted.credits().stream().mapToLong(ReturnOutcome.Draw::amountMinor).sum();
        long refunded = tenders.stream().filter(t -> t.amountMinor() < 0).mapToLong(t -> -t.amountMinor()).sum();
        assertThat(reused + refunded).as("refunded or re-used, never both").isEqualTo(value);
    }
}
