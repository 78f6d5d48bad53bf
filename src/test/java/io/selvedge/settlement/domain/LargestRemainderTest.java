package io.selvedge.settlement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LargestRemainderTest {

    @Test
    void givesTheMissingCentToTheLargestRemainderAndTiesToTheEarlierShare() {
        assertThat(LargestRemainder.split(100, new long[] {1, 1, 1})).containsExactly(34, 33, 33);
        assertThat(LargestRemainder.split(200, new long[] {1, 1, 1})).containsExactly(67, 67, 66);
        // 10 × 2/7 = 2.857, 10 × 5/7 = 7.142: the .857 gets the cent
        assertThat(LargestRemainder.split(10, new long[] {2, 5})).containsExactly(3, 7);
    }

    @Test
    void splitsNegativeAmountsAndMixedSignWeightsExactly() {
        assertThat(LargestRemainder.split(-100, new long[] {1, 1, 1})).containsExactly(-33, -33, -34);
        long[] shares = LargestRemainder.split(97, new long[] {8900, -1000, 845});
        assertThat(Arrays.stream(shares).sum()).isEqualTo(97);
    }

    @Test
    void refusesWeightsThatSumToZero() {
        assertThatThrownBy(() -> LargestRemainder.split(5, new long[] {3, -3})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spreadsATransactionOverItsTendersWithRowsAndColumnsExact() {
        // 89.00 shirt + 8.45 tax, paid 50.00 card and 47.45 cash; last column is clearing
        long[][] cells = LargestRemainder.spread(new long[] {5000, 4745}, new long[] {8900, 845, 0});
        assertThat(cells[0]).containsExactly(4566, 434, 0);
        assertThat(cells[1]).containsExactly(4334, 411, 0);
    }

    @Test
    void tenderSwappedOnAZeroTotalSaleGoesThroughClearing() {
        // a 50.00 item fully discounted, paid with a 20.00 gift card and 20.00 cash back
        long[][] cells = LargestRemainder.spread(new long[] {2000, -2000}, new long[] {5000, -5000, 0});
        assertThat(cells[0]).containsExactly(5000, -5000, 2000);
        assertThat(cells[1]).containsExactly(0, 0, -2000);
    }

    @Property
    void sharesAddUpExactlyAndStayWithinACentOfTheExactProportion(
            @ForAll @LongRange(min = -10_000_000, max = 10_000_000) long amount,
            @ForAll @Size(min = 1, max = 8) List<@LongRange(min = 0, max = 1_000_000) Long> weightList) {
        long[] weights = weightList.stream().mapToLong(Long::longValue).toArray();
        if (Arrays.stream(weights).sum() == 0) {
            return;
        }
        long[] shares = LargestRemainder.split(amount, weights);
        assertThat(Arrays.stream(shares).sum()).isEqualTo(amount);
        BigDecimal total = BigDecimal.valueOf(Arrays.stream(weights).sum());
        for (int i = 0; i < weights.length; i++) {
            BigDecimal exact = BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(weights[i])).divide(total, 6, RoundingMode.HALF_EVEN);
            assertThat(exact.subtract(BigDecimal.valueOf(shares[i])).abs()).isLessThan(BigDecimal.ONE);
        }
    }
}
