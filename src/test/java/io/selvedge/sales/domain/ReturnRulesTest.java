package io.selvedge.sales.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReturnRulesTest {

    private static final TenderKey CARD = new TenderKey("CARD", "VISA", "PAY-1", "4242");
    private static final TenderKey CASH = new TenderKey("CASH", null, null, null);

    /** S-1: line 1 sold 2 units for 200.00 (1 returned already, for 100.00); paid 150.00 by card, 50.00 cash. */
    private static OriginalOrder sale(long cardLeft, long cashLeft) {
        return new OriginalOrder("S-1", "SALE", "POS", "STORE-ABK", "STORE-ABK", "USD", false, false, null,
                Map.of(1, new OriginalOrder.Line(1, "OVS-M", 2, 200_00, 1, 100_00, false)),
                List.of(new OriginalOrder.Capacity(CARD, cardLeft), new OriginalOrder.Capacity(CASH, cashLeft)));
    }

    private static ReturnRules.Returned back(long quantity, long amount) {
        return new ReturnRules.Returned(0, 1, "OVS-M", quantity, amount, "S-1", 1);
    }

    private static ReturnRules.Tender refund(int index, TenderKey key, long amount) {
        return new ReturnRules.Tender(index, key, -amount);
    }

    private static ReturnOutcome decide(List<ReturnRules.Returned> lines, OriginalOrder sale, List<ReturnRules.Tender> tenders, ReturnPolicy policy) {
        return ReturnRules.decide(lines, sale == null ? Map.of() : Map.of("S-1", sale), tenders, "USD", policy);
    }

    @Test
    void refusesMoreUnitsThanAreLeftToReturn() {
        ReturnOutcome outcome = decide(List.of(back(2, 200_00)), sale(150_00, 50_00), List.of(refund(0, CARD, 200_00)), ReturnPolicy.defaults());
        assertThat(outcome).isInstanceOfSatisfying(ReturnOutcome.Refused.class, r -> {
            assertThat(r.conflict()).isTrue();
            assertThat(r.field()).isEqualTo("lines[0].returnOf");
            assertThat(r.details()).containsEntry("returnable", 1L);
        });
    }

    @Test
    void refundsTheMatchingPaymentAndNoMoreThanItHasLeft() {
        ReturnOutcome ok = decide(List.of(back(1, 100_00)), sale(150_00, 50_00),
                List.of(refund(0, new TenderKey("CARD", null, null, "4242"), 100_00)), ReturnPolicy.defaults());
        assertThat(ok).isInstanceOfSatisfying(ReturnOutcome.Accepted.class, a -> {
            assertThat(a.draws()).containsExactly(new ReturnOutcome.Draw("S-1", CARD, 100_00, 0));
            assertThat(a.credits()).isEmpty();
        });

        ReturnOutcome beyond = decide(List.of(back(1, 100_00)), sale(150_00, 50_00), List.of(refund(0, CASH, 100_00)), ReturnPolicy.defaults());
        assertThat(beyond).isInstanceOfSatisfying(ReturnOutcome.Refused.class, r -> {
            assertThat(r.conflict()).isTrue();
            assertThat(r.field()).isEqualTo("tenders[0]");
        });
    }

    @Test
    void aCardRefundNamesThePaymentAndAnotherTenderNeedsThePolicy() {
        ReturnOutcome unnamed = decide(List.of(back(1, 100_00)), sale(150_00, 50_00),
                List.of(refund(0, new TenderKey("CARD", "VISA", null, null), 100_00)), ReturnPolicy.defaults());
        assertThat(unnamed).isInstanceOfSatisfying(ReturnOutcome.Refused.class, r -> assertThat(r.field()).isEqualTo("tenders[0].reference"));

        TenderKey credit = new TenderKey("STORE_CREDIT", null, null, null);
        ReturnOutcome refused = decide(List.of(back(1, 100_00)), sale(150_00, 50_00), List.of(refund(0, credit, 100_00)), ReturnPolicy.defaults());
        assertThat(refused).isInstanceOfSatisfying(ReturnOutcome.Refused.class, r -> assertThat(r.conflict()).isFalse());

        ReturnPolicy storeCredit = ReturnPolicy.of((name, fallback) -> name.equals("returns.refundTo") ? "STORE_CREDIT" : fallback);
        ReturnOutcome allowed = decide(List.of(back(1, 100_00)), sale(150_00, 50_00), List.of(refund(0, credit, 100_00)), storeCredit);
        assertThat(allowed).as("store credit still comes out of what the sale's payments hold").isInstanceOfSatisfying(ReturnOutcome.Accepted.class,
                a -> assertThat(a.draws()).containsExactly(new ReturnOutcome.Draw("S-1", CARD, 100_00, null)));
    }

    @Test
    void anExchangeCarriesWhatItReusedOntoItselfUnderThePaymentItCameFrom() {
        ReturnOutcome even = decide(List.of(back(1, 100_00)), sale(150_00, 50_00), List.of(), ReturnPolicy.defaults());
        assertThat(even).isInstanceOfSatisfying(ReturnOutcome.Accepted.class, a -> {
            assertThat(a.draws()).containsExactly(new ReturnOutcome.Draw("S-1", CARD, 100_00, null));
            assertThat(a.credits()).containsExactly(new ReturnOutcome.Draw(null, CARD, 100_00, null));
        });

        // a cheaper new item: 30.00 back in cash, the other 70.00 re-used
        ReturnOutcome cheaper = decide(List.of(back(1, 100_00)), sale(150_00, 50_00), List.of(refund(0, CASH, 30_00)), ReturnPolicy.defaults());
        assertThat(cheaper).isInstanceOfSatisfying(ReturnOutcome.Accepted.class, a -> {
            assertThat(a.draws()).containsExactly(new ReturnOutcome.Draw("S-1", CASH, 30_00, 0), new ReturnOutcome.Draw("S-1", CARD, 70_00, null));
            assertThat(a.credits()).containsExactly(new ReturnOutcome.Draw(null, CARD, 70_00, null));
        });
    }

    @Test
    void aVoidedSaleOrAnotherCurrencyReturnsNothing() {
        OriginalOrder voided = new OriginalOrder("S-1", "SALE", "POS", "STORE-ABK", "STORE-ABK", "USD", true, false, null,
                sale(1, 1).lines(), List.of());
        assertThat(decide(List.of(back(1, 100_00)), voided, List.of(), ReturnPolicy.defaults()))
                .isInstanceOfSatisfying(ReturnOutcome.Refused.class, r -> assertThat(r.conflict()).isTrue());
        assertThat(ReturnRules.decide(List.of(back(1, 100_00)), Map.of("S-1", sale(150_00, 50_00)), List.of(), "EUR", ReturnPolicy.defaults()))
                .isInstanceOfSatisfying(ReturnOutcome.Refused.class, r -> assertThat(r.message()).contains("USD"));
    }

    @Test
    void aBlindReturnOnlyWhereTheContractAllowsAndOnlyToItsTenders() {
        ReturnRules.Returned blind = new ReturnRules.Returned(0, 1, "OVS-M", 1, 100_00, null, null);
        TenderKey credit = new TenderKey("STORE_CREDIT", null, null, null);
        assertThat(decide(List.of(blind), null, List.of(refund(0, credit, 100_00)), ReturnPolicy.defaults()))
                .isInstanceOfSatisfying(ReturnOutcome.Refused.class, r -> assertThat(r.field()).isEqualTo("lines[0].returnOf"));
        ReturnPolicy blindAllowed = ReturnPolicy.of((name, fallback) -> name.equals("returns.blind") ? "allowed" : fallback);
        assertThat(decide(List.of(blind), null, List.of(refund(0, credit, 100_00)), blindAllowed))
                .isInstanceOfSatisfying(ReturnOutcome.Accepted.class, a -> assertThat(a.draws()).isEmpty());
        assertThat(decide(List.of(blind), null, List.of(refund(0, CASH, 100_00)), blindAllowed))
                .isInstanceOfSatisfying(ReturnOutcome.Refused.class, r -> assertThat(r.field()).isEqualTo("tenders[0]"));
    }

    @Test
    void readsThePoliciesAndRefusesWhatItCannotRead() {
        ReturnPolicy policy = ReturnPolicy.of((name, fallback) -> switch (name) {
            case "returns.parkWindow" -> "90m";
            case "returns.refundTo" -> "store_credit, GIFT_CARD";
            case "returns.unknownOriginal" -> "refuse";
            default -> fallback;
        });
        assertThat(policy.parkWindow()).isEqualTo(Duration.ofMinutes(90));
        assertThat(policy.refundTo()).containsExactlyInAnyOrder("STORE_CREDIT", "GIFT_CARD");
        assertThat(policy.parkUnknownOriginals()).isFalse();
        assertThat(ReturnPolicy.defaults().blindRefundTo()).containsExactly("STORE_CREDIT");
        assertThatThrownBy(() -> ReturnPolicy.of((name, fallback) -> name.equals("returns.blind") ? "sometimes" : fallback))
                .hasMessageContaining("returns.blind");
        assertThatThrownBy(() -> ReturnPolicy.of((name, fallback) -> name.equals("returns.refundTo") ? "IOU" : fallback))
                .hasMessageContaining("IOU");
        assertThatThrownBy(() -> ReturnPolicy.of((name, fallback) -> name.equals("returns.parkWindow") ? "soon" : fallback))
                .hasMessageContaining("returns.parkWindow");
    }

    @Test
    void aRefundReachesThePaymentItDoesNotContradict() {
        assertThat(CARD.takesRefund(new TenderKey("CARD", "visa", null, "4242"))).isTrue();
        assertThat(CARD.takesRefund(new TenderKey("CARD", null, "PAY-2", null))).isFalse();
        assertThat(CARD.takesRefund(new TenderKey("CASH", null, null, null))).isFalse();
        assertThat(TenderKey.parse(CARD.code())).isEqualTo(CARD);
        assertThat(TenderKey.parse(CASH.code())).isEqualTo(CASH);
    }
}
