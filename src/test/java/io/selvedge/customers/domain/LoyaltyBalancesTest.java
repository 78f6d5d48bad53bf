package io.selvedge.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.selvedge.customers.domain.LoyaltyBalances.Balance;
import io.selvedge.customers.domain.LoyaltyBalances.Posted;
import io.selvedge.customers.domain.LoyaltyBalances.Refused;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoyaltyBalancesTest {

    private static final LoyaltyBalances GROUP = LoyaltyBalances.of(List.of("C-A", "C-B"),
            Map.of("C-A", new Balance(100, 2), "C-B", new Balance(30, 1)));

    @Test
    void thePersonsPointsAreTheSumOverTheirRecords() {
        assertThat(GROUP.points()).isEqualTo(130);
        assertThat(GROUP.movements()).isEqualTo(3);
        assertThat(LoyaltyBalances.of(List.of("C-NEW"), Map.of()).points()).isZero();
    }

    @Test
    void aMovementStaysOnTheRecordItWasPostedTo() {
        Posted posted = (Posted) GROUP.post("C-B", 5);
        assertThat(posted.record()).isEqualTo(new Balance(35, 2));
        assertThat(posted.after().of("C-A")).isEqualTo(new Balance(100, 2));
        assertThat(posted.after().points()).isEqualTo(135);
    }

    @Test
    void aRedemptionMaySpendAnyRecordsPointsButNotMoreThanTheyHoldTogether() {
        Posted spent = (Posted) GROUP.post("C-B", -130);
        assertThat(spent.record().points()).as("the record that spent shows it; the other keeps its own").isEqualTo(-100);
        assertThat(spent.after().points()).isZero();

        Refused refused = (Refused) GROUP.post("C-A", -131);
        assertThat(refused.available()).isEqualTo(130);
        assertThat(refused.reason()).contains("130").contains("131");
    }

    @Test
    void mergeAndUnmergeMoveNoPoints() {
        LoyaltyBalances other = LoyaltyBalances.of(List.of("C-C"), Map.of("C-C", new Balance(7, 1)));
        LoyaltyBalances merged = GROUP.combine(other);
        assertThat(merged.points()).isEqualTo(137);
        assertThat(merged.only(List.of("C-C"))).isEqualTo(other);
        assertThat(merged.without(List.of("C-C"))).isEqualTo(GROUP);
        assertThatThrownBy(() -> merged.combine(other)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesZeroOversizedAndForeignMovements() {
        assertThatThrownBy(() -> GROUP.post("C-A", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GROUP.post("C-A", LoyaltyBalances.MAX_POINTS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GROUP.post("C-A", Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GROUP.post("C-Z", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
