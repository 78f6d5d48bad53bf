package io.selvedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.shared.Money;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The catalogue as sales read it (cached per revision) never answers an older price than the newest revision's. */
class CatalogReadCacheIntegrationTest extends IntegrationTest {

    @Autowired
    CatalogLookup lookup;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aPublishInThisProcessIsSeenByTheVeryNextLookup() {
        String style = unique("CACHE");
        String sku = Fixtures.sku(style, "M");
        publish(style, "89.00");
        Instant now = Instant.now();
        assertThat(lookup.priceInForce(sku, "retail-usd", now)).map(Money::toDecimalString).contains("89.00");
        assertThat(lookup.variants(List.of(sku, "NO-SUCH-SKU"))).containsOnlyKeys(sku);

        publish(style, "79.00");
        assertThat(lookup.priceInForce(sku, "retail-usd", Instant.now())).map(Money::toDecimalString).contains("79.00");
    }

    @Test
    void aRevisionWrittenByAnotherInstanceIsSeenWithinSeconds() throws Exception {
        String style = unique("CACHE");
        String sku = Fixtures.sku(style, "L");
        publish(style, "50.00");
        assertThat(lookup.priceInForce(sku, "retail-usd", Instant.now())).map(Money::toDecimalString).contains("50.00");

        // what another hub instance's publish leaves behind: a new revision and a variant price, not this process's cache
        long revision = jdbc.sql("SELECT MAX(revision) + 1 FROM catalog_revision").query(Long.class).single();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        jdbc.sql("INSERT INTO catalog_revision (revision, published_at, published_by, description) VALUES (?, ?, 'erp', 'elsewhere')")
                .params(revision, at).update();
        jdbc.sql("INSERT INTO price (style_code, sku, price_list, currency, amount_minor, effective_from, revision) VALUES (?, ?, 'retail-usd', 'USD', 4500, ?, ?)")
                .params(style, sku, at, revision).update();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<String> seen = Optional.empty();
        while (System.nanoTime() < deadline && !seen.equals(Optional.of("45.00"))) {
            seen = lookup.priceInForce(sku, "retail-usd", Instant.now()).map(Money::toDecimalString);
            Thread.sleep(50);
        }
        assertThat(seen).contains("45.00");
    }

    private void publish(String style, String price) {
        Map<String, Object> body = Fixtures.anyStyle(style);
        body.put("prices", List.of(Map.of("priceList", "retail-usd", "currency", "USD", "amount", price,
                "effectiveFrom", "2026-01-01T00:00:00Z")));
        var response = api(ERP).put("/api/v1/catalog/styles/" + style, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }
}
