package io.selvedge.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // Computed once outside Java: printf '%s' '<t>.<body>' | openssl dgst -sha256 -hmac '<secret>'
    private static final String SECRET = "whsec_test_0123456789abcdef";
    private static final long T = 1764367270L;
    private static final String BODY = "{\"id\":\"7f3c2a9e-0000-4000-8000-000000000001\",\"type\":\"catalog.changed\","
            + "\"occurredAt\":\"2026-11-28T22:01:10Z\",\"sequence\":42,\"data\":{\"styleCode\":\"OVS\"}}";
    private static final String OPENSSL_HEX = "bb4ccd5a77db921a69fd944d25df34b3ae9c7669d68ca62c9dae4b2e8893ee0c";

    @Test
    void signsTimestampDotBodyWithHmacSha256AsOpensslDoes() {
        assertThat(WebhookSignature.header(SECRET, T, BODY)).isEqualTo("t=1764367270,v1=" + OPENSSL_HEX);
    }

    @Test
    void matchesRfc4231TestCase2() {
        assertThat(WebhookSignature.hmacSha256Hex("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void anyChangeToBodyTimestampOrSecretChangesTheSignature() {
        String signed = WebhookSignature.header(SECRET, T, BODY);
        assertThat(WebhookSignature.header(SECRET, T, BODY.replace("42", "43"))).isNotEqualTo(signed);
        assertThat(WebhookSignature.header(SECRET, T + 1, BODY).substring(14)).isNotEqualTo(signed.substring(14));
        assertThat(WebhookSignature.header(SECRET + "x", T, BODY)).isNotEqualTo(signed);
    }
}
