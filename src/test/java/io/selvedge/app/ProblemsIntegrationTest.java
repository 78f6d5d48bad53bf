package io.selvedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

class ProblemsIntegrationTest extends IntegrationTest {

    @Test
    void refusesApiCallsWithoutAKeyAsAProblem() {
        var response = anonymous().get("/api/v1/inventory/availability");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/unauthenticated");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void refusesAnUnknownKey() {
        var response = api("not-a-key").get("/api/v1/inventory/availability");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("detail").asString()).contains("does not belong");
    }

    @Test
    void answersUnknownPathsWithA404Problem() {
        var response = api(OPS).get("/api/v1/no-such-thing");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/not-found");
    }

    @Test
    void servesHealthAndPrometheusWithoutAKey() {
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
        var metrics = anonymous().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void servesTheOpenApiDescription() {
        var docs = anonymous().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("openapi").asString()).startsWith("3.");
    }
}
