package io.selvedge.shopify.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.shopify.ShopifySamples;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked examples of FORMATS.md, byte for byte. */
class WebhookSignatureTest {

    @Test
    void signsRfc4231CaseTwo() {
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertThat(WebhookSignature.sign(body, "Jefe")).isEqualTo("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
        assertThat(WebhookSignature.verifies(body, "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", List.of("Jefe"))).isTrue();
    }

    @Test
    void signsTheRawBytesOfTheTransactionsFixtureNotItsReserialisation() throws Exception {
        byte[] raw = ShopifySamples.bytes("shopify_python_api-fixtures/transactions.json");
        assertThat(raw).hasSize(674);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw))).startsWith("3d5610cc");
        assertThat(WebhookSignature.verifies(raw, "ez52YhG6tdnLovS15X+tp1DLJfdRFUiof5ntm9qz/34=", List.of("hush"))).isTrue();

        // the same JSON written compactly (as Python's separators=(',', ':') also writes it) signs differently;
        // FORMATS.md's PD+aRB… is Python's default spacing of it
        byte[] reserialised = ShopifySamples.JSON.writeValueAsBytes(ShopifySamples.JSON.readTree(raw));
        assertThat(WebhookSignature.sign(reserialised, "hush")).isEqualTo("pzA7UvFoCeodeMXwIBogq8BR6YSF7eJO/4k8GGY7WHU=");
        assertThat(WebhookSignature.verifies(reserialised, "ez52YhG6tdnLovS15X+tp1DLJfdRFUiof5ntm9qz/34=", List.of("hush"))).isFalse();
    }

    @Test
    void acceptsThePreviousSecretAfterARotation() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String old = WebhookSignature.sign(body, "old-secret");
        assertThat(WebhookSignature.verifies(body, old, List.of("new-secret", "old-secret"))).isTrue();
        assertThat(WebhookSignature.verifies(body, old, List.of("new-secret"))).isFalse();
    }

    @Test
    void refusesATamperedBodyABadHeaderAndNoHeader() {
        byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        String good = WebhookSignature.sign(body, "s");
        byte[] tampered = "{\"id\":2}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verifies(tampered, good, List.of("s"))).isFalse();
        assertThat(WebhookSignature.verifies(body, "not base64 !!", List.of("s"))).isFalse();
        assertThat(WebhookSignature.verifies(body, good.substring(0, 20), List.of("s"))).isFalse();
        assertThat(WebhookSignature.verifies(body, null, List.of("s"))).isFalse();
        assertThat(WebhookSignature.verifies(body, "", List.of("s"))).isFalse();
        assertThat(WebhookSignature.verifies(body, good, List.of())).isFalse();
    }
}
