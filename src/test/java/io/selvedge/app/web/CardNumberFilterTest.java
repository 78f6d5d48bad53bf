package io.selvedge.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CardNumberFilterTest {

    private final CardNumberFilter filter = new CardNumberFilter(JsonMapper.builder().build());

    private String found(String json) {
        return filter.inJson(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void namesTheFieldOfAStringOrNumberHoldingACardNumber() {
        assertThat(found("{\"movementId\":\"M1\",\"reason\":\"card 4111 1111 1111 1111 exp 12/29\"}")).isEqualTo("reason");
        assertThat(found("{\"lines\":[{\"sku\":\"A\",\"quantity\":1},{\"sku\":\"B\",\"quantity\":5555555555554444}]}"))
                .isEqualTo("lines[1].quantity");
        assertThat(found("{\"transactions\":[{\"tenders\":[{\"reference\":\"x378282246310005@example.com\"}]}]}"))
                .isEqualTo("transactions[0].tenders[0].reference");
        assertThat(found("[\"6011-1111-1111-1117\"]")).isEqualTo("[0]");
        assertThat(found("\"4111111111111111\"")).isEqualTo("body");
    }

    @Test
    void findsOneEscapedOrAsAFieldNameWithoutNamingIt() {
        assertThat(found("{\"note\":\"\\u0034111111111111111\"}")).isEqualTo("note");
        assertThat(found("{\"customer\":{\"4111111111111111\":\"x\"}}")).isEqualTo("customer");
    }

    @Test
    void readsGtinsAndShopifyIdsAsTheNumbersTheyAre() {
        // 4006381333924: a German EAN-13 with a right GS1 check digit that passes Luhn too, with a Visa prefix
        assertThat(found("{\"variants\":[{\"sku\":\"A-M\",\"gtin\":\"4006381333924\"}]}")).isNull();
        assertThat(found("{\"gtin14\":4006381333924}")).isNull();
        assertThat(found("{\"items\":[{\"sku\":\"A-M\",\"inventoryItemId\":\"4111111111111111\"}]}")).isNull();
        assertThat(found("{\"note\":\"4006381333924\"}")).isEqualTo("note");
    }

    @Test
    void leavesOrdinaryPayloadsAlone() {
        assertThat(found("{\"occurredAt\":\"2026-11-28T22:01:10Z\",\"last4\":\"4242\",\"amount\":\"97.45\",\"quantity\":2}")).isNull();
        assertThat(found("{\"reference\":\"4111111111111112\"}")).isNull();
    }

    @Test
    void readsABodyThatIsNotJsonAsText() {
        assertThat(found("{\"reason\": \"4111111111111111")).isEqualTo("body");
        assertThat(found("not json 5555 5555 5555 4444")).isEqualTo("body");
        assertThat(found("{\"a\":}")).isNull();
    }
}
