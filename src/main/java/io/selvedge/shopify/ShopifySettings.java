package io.selvedge.shopify;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Tuning of the Shopify adapter ({@code selvedge.shopify.*}). The shop's webhook secret, system, channel and locations
 * are the contract's ({@code shopify:}); these are the deployment's.
 */
@ConfigurationProperties("selvedge.shopify")
public record ShopifySettings(@DefaultValue Webhooks webhooks, @DefaultValue Push push) {

    /**
     * {@code maxBody}: larger deliveries are refused with 413 before they are read. {@code pollInterval}: how often the
     * worker looks for due deliveries when nothing woke it. A delivery that must wait (a refund before its order) is
     * retried after {@code retryInitial}, doubling up to {@code retryMax}, and refused after {@code maxAttempts}. The
     * bodies of settled deliveries (personal data) are dropped after {@code bodyRetention}; their outcomes stay.
     */
    public record Webhooks(@DefaultValue("2MB") DataSize maxBody, @DefaultValue("1s") Duration pollInterval,
                           @DefaultValue("50") int batch, @DefaultValue("10s") Duration retryInitial,
                           @DefaultValue("1h") Duration retryMax, @DefaultValue("12") int maxAttempts,
                           @DefaultValue("2m") Duration lease, @DefaultValue("7d") Duration bodyRetention) {
    }

    /**
     * The push of the web channel's available-to-sell. Off unless {@code baseUrl} is set (e.g.
     * {@code https://shop.myshopify.com}); it posts to {@code {baseUrl}/admin/api/{apiVersion}/graphql.json} with
     * {@code X-Shopify-Access-Token: accessToken}. {@code bucketSize} and {@code restoreRate} (points per second) are the
     * plan's limits as assumed until Shopify's first answer states them. {@code locationId}: the Shopify location the
     * channel's pool is pushed to; empty means the one the contract maps to the channel's first location.
     */
    public record Push(@DefaultValue("") String baseUrl, @DefaultValue("") String accessToken,
                       @DefaultValue("2025-10") String apiVersion, @DefaultValue("") String locationId,
                       @DefaultValue("1000") double bucketSize, @DefaultValue("50") double restoreRate,
                       @DefaultValue("250") int batchSize, @DefaultValue("500ms") Duration pollInterval,
                       @DefaultValue("10s") Duration requestTimeout, @DefaultValue("30s") Duration maxBackoff) {

        public Push {
            if (batchSize < 1 || batchSize > 250) {
                throw new IllegalArgumentException("selvedge.shopify.push.batch-size must be 1 to 250 (Shopify's limit per call)");
            }
        }

        public boolean enabled() {
            return baseUrl != null && !baseUrl.isBlank();
        }

        public URI endpoint() {
            String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return URI.create(base + "/admin/api/" + apiVersion + "/graphql.json");
        }
    }
}
