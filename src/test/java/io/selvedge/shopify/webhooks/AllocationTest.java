package io.selvedge.shopify.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AllocationTest {

    @Test
    void spreadsTheSampleOrdersUnallocatedDiscountToTheCent() {
        // 20.00 over the lines of gadget's orders/create: 89.99, 19.99, 24.99, 159.99, 119.99
        long[] shares = Allocation.spread(2000, new long[] {8999, 1999, 2499, 15999, 11999});
        assertThat(Arrays.stream(shares).sum()).isEqualTo(2000);
        // floors 433, 96, 120, 771, 578 leave 2 cents: to the largest fractions (.74 and .45)
        assertThat(shares).containsExactly(434, 96, 121, 771, 578);
    }

    @Test
    void givesRemaindersToTheLargestFractionsThenTheEarlierPart() {
        assertThat(Allocation.spread(10, new long[] {1, 1, 1})).containsExactly(4, 3, 3);
        assertThat(Allocation.spread(2, new long[] {1, 1, 1})).containsExactly(1, 1, 0);
        assertThat(Allocation.spread(7, new long[] {0, 0})).containsExactly(4, 3);
        assertThat(Allocation.spread(5, new long[] {0, 3})).containsExactly(0, 5);
        assertThat(Allocation.spread(0, new long[] {3, 4})).containsExactly(0, 0);
    }

    @Test
    void neverGivesAPartMoreThanItsWeightWhenTheTotalIsSmaller() {
        long[] weights = {8999, 1999, 2499, 15999, 11999};
        long[] shares = Allocation.spread(8500, weights);
        assertThat(Arrays.stream(shares).sum()).isEqualTo(8500);
        for (int i = 0; i < weights.length; i++) {
            assertThat(shares[i]).isBetween(0L, weights[i]);
        }
    }
}
