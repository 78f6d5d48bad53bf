package io.selvedge.shopify.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.selvedge.shopify.FakeShopify;
import io.selvedge.shopify.ShopifySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The GraphQL client against the local Shopify, over real HTTP: reading levels, compare-and-set, throttling. */
class ShopifyAdminTest {

    private FakeShopify shopify;
    private ShopifyAdmin admin;

    @BeforeEach
    void shop() throws Exception {
        shopify = new FakeShopify(60, 20, 0, "77");
        shopify.stock("1001", 5);
        admin = client(FakeShopify.TOKEN);
    }

    @AfterEach
    void close() {
        shopify.close();
    }

    @Test
    void readsLevelsBackNullWhereTheItemIsNotStocked() {
        Map<String, Long> levels = admin.readLevels("77", List.of("1001", "1002"));
        assertThat(levels).containsEntry("1001", 5L).containsEntry("1002", null);
        assertThat(admin.readLevels("78", List.of("1001"))).containsEntry("1001", null);
    }

    @Test
    void setsAQuantityOnlyWhenItsComparisonHolds() {
        ShopifyAdmin.SetResult applied = admin.setQuantities("77", List.of(new ShopifyAdmin.Quantity("A", "1001", 7, 5)));
        assertThat(applied.applied()).isTrue();
        assertThat(shopify.available("1001")).isEqualTo(7);

        ShopifyAdmin.SetResult stale = admin.setQuantities("77", List.of(new ShopifyAdmin.Quantity("A", "1001", 9, 5)));
        assertThat(stale.applied()).isFalse();
        assertThat(stale.stale()).containsExactly(0);
        assertThat(shopify.available("1001")).as("nothing applied").isEqualTo(7);

        shopify.stock("1003", 0);
        ShopifyAdmin.SetResult refused = admin.setQuantities("77", List.of(new ShopifyAdmin.Quantity("C", "1003", 1, 0),
                new ShopifyAdmin.Quantity("B", "1002", 1, 0)));
        assertThat(refused.applied()).isFalse();
        assertThat(refused.refused()).containsOnlyKeys(1);
        assertThat(refused.refused().get(1)).startsWith("ITEM_NOT_STOCKED_AT_LOCATION");
        assertThat(shopify.available("1003")).isZero();
    }

    @Test
    void aThrottledCallIsSentAgainAfterTheAdvertisedWait() {
        admin.readLevels("77", List.of("1001"));
        // another app of the shop empties the shared bucket: the client's picture is now wrong, the answer corrects it
        shopify.spend(60);
        long start = System.nanoTime();
        ShopifyAdmin.SetResult result = admin.setQuantities("77", List.of(new ShopifyAdmin.Quantity("A", "1001", 3, 5)));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(result.applied()).isTrue();
        assertThat(shopify.available("1001")).isEqualTo(3);
        List<FakeShopify.Call> calls = shopify.calls();
        assertThat(calls.get(calls.size() - 2).throttled()).isTrue();
        assertThat(calls.get(calls.size() - 1).throttled()).isFalse();
        // 2 points at 20 a second, from an empty bucket
        assertThat(seconds).isGreaterThanOrEqualTo(0.09);
        assertThat(admin.status()).containsEntry("throttled", 1L).containsEntry("restoreRate", 20.0);
    }

    @Test
    void waitsForTheBucketRatherThanBeingThrottled() {
        List<String> items = java.util.stream.IntStream.range(3000, 3011).mapToObj(Integer::toString).toList();
        items.forEach(item -> shopify.stock(item, 0));
        long start = System.nanoTime();
        for (int i = 1; i <= 30; i++) {
            int quantity = i;
            // 11 quantities cost 1 + ceil(11/10) = 3 points: 90 in all, from 60 in the bucket refilled at 20 a second
            admin.setQuantities("77", items.stream().map(item -> new ShopifyAdmin.Quantity("S" + item, item, quantity, quantity - 1)).toList());
        }
        assertThat((System.nanoTime() - start) / 1e9).as("it waited for the 30 points it lacked").isGreaterThanOrEqualTo(1.4);
        assertThat(shopify.calls()).noneMatch(FakeShopify.Call::throttled);
        assertThat(shopify.available("3010")).isEqualTo(30);
    }

    @Test
    void refusesMoreThan250QuantitiesBeforeSendingAndAWrongTokenIsUnavailable() {
        List<ShopifyAdmin.Quantity> many = java.util.stream.IntStream.range(0, 251)
                .mapToObj(i -> new ShopifyAdmin.Quantity("S" + i, Integer.toString(2000 + i), 1, 0)).toList();
        assertThatThrownBy(() -> admin.setQuantities("77", many)).isInstanceOf(IllegalArgumentException.class);
        assertThat(shopify.calls()).isEmpty();
        assertThatThrownBy(() -> client("wrong").readLevels("77", List.of("1001"))).isInstanceOf(ShopifyAdmin.Unavailable.class)
                .hasMessageContaining("401");
    }

    private ShopifyAdmin client(String token) {
        return new ShopifyAdmin(new ShopifySettings.Push(shopify.baseUrl(), token, "2025-10", "", 1000, 50, 250, Duration.ofMillis(100),
                Duration.ofSeconds(5), Duration.ofSeconds(5)), JsonMapper.builder().build(), System::nanoTime);
    }
}
