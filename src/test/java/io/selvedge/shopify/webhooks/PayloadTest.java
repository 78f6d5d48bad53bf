package io.selvedge.shopify.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.shared.Money;
import io.selvedge.shopify.ShopifySamples;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PayloadTest {

    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void readsIdsAbove2To53AsTheirExactDigits() {
        JsonNode order = WebhookWorker.JSON.readTree("{\"id\": 820982911946154508, \"big\": 123456789012345678901, \"text\": \"42\"}");
        Payload p = new Payload();
        // a double would have made it 820982911946154500
        assertThat(p.id(order, "id", "id")).isEqualTo("820982911946154508");
        assertThat(p.id(order, "big", "big")).isEqualTo("123456789012345678901");
        assertThat(p.id(order, "text", "text")).isEqualTo("42");
        assertThat(p.failed()).isFalse();
    }

    @Test
    void refusesAFractionalOrMissingId() {
        JsonNode node = WebhookWorker.JSON.readTree("{\"id\": 8.2e17, \"neg\": -3}");
        Payload p = new Payload();
        assertThat(p.id(node, "id", "id")).isNull();
        assertThat(p.id(node, "neg", "neg")).isNull();
        assertThat(p.id(node, "none", "none")).isNull();
        assertThat(p.errors()).extracting(e -> e.field()).containsExactly("id", "neg", "none");
    }

    @Test
    void readsTheGadgetSamplesRoundedIdAndItsGid() {
        JsonNode order = ShopifySamples.payload("gadget-metadatas-2026-01/orders/create.json");
        order = WebhookWorker.JSON.readTree(ShopifySamples.JSON.writeValueAsString(order));
        assertThat(new Payload().id(order, "id", "id")).isEqualTo("820982911946154500");
        assertThat(Payload.gidNumber(order, "admin_graphql_api_id")).isEqualTo("820982911946154508");
    }

    @Test
    void readsMoneyAsStringsOrExactNumbersPreferringTheShopMoneyBag() {
        JsonNode line = WebhookWorker.JSON.readTree("""
                {"subtotal": 89.99, "total_tax": 0, "price": "19.99",
                 "price_set": {"shop_money": {"amount": "18.50"}, "presentment_money": {"amount": "25.00"}},
                 "bad": 1.234, "float": "1e3"}""");
        Payload p = new Payload();
        assertThat(p.money(line, "subtotal", "subtotal", USD, true)).isEqualTo(new Money(8999, USD));
        assertThat(p.money(line, "total_tax", "total_tax", USD, true)).isEqualTo(new Money(0, USD));
        assertThat(p.money(line, "price", "price", USD, true)).isEqualTo(new Money(1850, USD));
        assertThat(p.money(line, "missing", "missing", USD, false)).isEqualTo(Money.zero(USD));
        assertThat(p.failed()).isFalse();
        assertThat(p.money(line, "bad", "bad", USD, true)).isNull();
        assertThat(p.money(line, "float", "float", USD, true)).isNull();
        assertThat(p.errors()).extracting(e -> e.field()).containsExactly("bad", "float");
    }
}
