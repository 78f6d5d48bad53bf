package io.selvedge.shopify.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.shared.WriteTransactions;
import io.selvedge.shopify.ShopifyWebhooks;
import io.selvedge.testing.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A settled delivery's body (personal data) goes after the retention; its outcome stays. */
class WebhookRetentionIntegrationTest extends IntegrationTest {

    private final JdbcWebhooks webhooks;
    private final WriteTransactions writes;
    private final JdbcClient jdbc;

    @Autowired
    WebhookRetentionIntegrationTest(JdbcWebhooks webhooks, WriteTransactions writes, JdbcClient jdbc) {
        this.webhooks = webhooks;
        this.writes = writes;
        this.jdbc = jdbc;
    }

    @Test
    void dropsTheBodiesOfSettledDeliveriesOnlyAndKeepsTheirOutcome() throws InterruptedException {
        String settled = unique("wh");
        byte[] body = "{\"id\": 42, \"email\": \"someone@example.com\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(new ShopifyWebhooks(port).deliver("customers/create", settled, body).status()).isEqualTo(200);
        for (int i = 0; i < 200 && webhooks.find(settled).orElseThrow().status().equals("PENDING"); i++) {
            Thread.sleep(50);
        }
        assertThat(webhooks.find(settled).orElseThrow().status()).isEqualTo("PROCESSED");
        assertThat(bodyOf(settled)).contains("someone@example.com");

        writes.write(() -> webhooks.dropBodies(Instant.now().minus(1, ChronoUnit.HOURS)));
        assertThat(bodyOf(settled)).as("settled less than the retention ago").isNotNull();
        writes.write(() -> webhooks.dropBodies(Instant.now().plus(1, ChronoUnit.MINUTES)));
        assertThat(bodyOf(settled)).isNull();
        assertThat(webhooks.find(settled).orElseThrow().status()).isEqualTo("PROCESSED");
        assertThat(webhooks.find(settled).orElseThrow().subject()).startsWith("C-");
    }

    private String bodyOf(String webhookId) {
        return jdbc.sql("SELECT body FROM shopify_webhook WHERE webhook_id = ?").param(webhookId).query((rs, n) -> rs.getString(1)).list().get(0);
    }
}
