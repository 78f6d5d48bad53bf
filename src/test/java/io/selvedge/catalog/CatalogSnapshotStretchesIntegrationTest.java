package io.selvedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The NDJSON snapshot read in stretches of a few rows, so that every stretch boundary case is crossed: a SKU's versions
 * split across stretches, a SKU with more versions than a stretch, stretches of discontinued variants only, a style's
 * variants in several stretches. Whatever the stretch, the stream is the paged snapshot of the same revision.
 */
class CatalogSnapshotStretchesIntegrationTest extends IntegrationTest {

    private static final int[] STRETCHES = {1, 2, 3, 5, 8, 13, 10_000};

    @Autowired
    CatalogFeed feed;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyStretchSizeGivesThePagedSnapshotWithItsPricesMerged() {
        String tee = unique("STR");
        String coat = unique("STR");
        // the tee: published five times (more versions per SKU than small stretches), renamed, M dropped then back,
        // style and variant prices, a markdown, and the same (list, effectiveFrom) re-priced: the latest publish wins
        for (int i = 0; i < 5; i++) {
            List<String> sizes = i == 3 ? List.of("S", "L", "XL") : List.of("S", "M", "L", "XL");
            Map<String, Object> body = style("Tee v" + i, sizes, price("29.00", "2026-01-01T00:00:00Z"));
            variantPrices(body, price(i < 2 ? "25.00" : "24.50", "2026-02-01T00:00:00Z"));
            if (i >= 1) {
                stylePrices(body).add(price("19.00", "2026-11-20T00:00:00Z"));
            }
            assertThat(api(ERP).put("/api/v1/catalog/styles/" + tee, withSkus(body, tee)).status()).isEqualTo(200);
        }
        // the coat: escaping, style-level prices only, one variant discontinued at the revision
        String name = "Chore coat \"Wabi\" café \\ 1/2 ✂";
        api(ERP).put("/api/v1/catalog/styles/" + coat, withSkus(style(name, List.of("M", "L", "XL"), price("199.00", "2026-01-01T00:00:00Z")), coat));
        long asOf = api(ERP).put("/api/v1/catalog/styles/" + coat, withSkus(style(name, List.of("M", "L"), price("189.00", "2026-01-01T00:00:00Z")), coat))
                .json().get("revision").asLong();
        api(ERP).put("/api/v1/catalog/styles/" + tee, withSkus(style("Tee after", List.of("S"), price("9.00", "2026-01-01T00:00:00Z")), tee));

        List<JsonNode> paged = paged(asOf);
        for (int rows : STRETCHES) {
            assertThat(stream(asOf, rows)).as("stretches of %d rows", rows).isEqualTo(paged);
        }
        JsonNode teeM = paged.stream().filter(v -> v.get("sku").asString().equals(tee + "-NAVY-M")).findFirst().orElseThrow();
        assertThat(teeM.get("styleName").asString()).isEqualTo("Tee v4");
        assertThat(teeM.get("prices").findValuesAsString("amount")).containsExactly("29.00", "19.00", "24.50");
        assertThat(teeM.get("prices").findValuesAsString("level")).containsExactly("STYLE", "STYLE", "VARIANT");
        assertThat(paged.stream().filter(v -> v.get("styleCode").asString().equals(coat)).map(v -> v.get("size").asString()))
                .containsExactly("L", "M");
        assertThat(paged.stream().filter(v -> v.get("styleCode").asString().equals(coat)).map(v -> v.get("styleName").asString()))
                .containsOnly(name);
    }

    @Test
    void aPriceOfASkuWithNoVersionIsLeftOutAsThePagedSnapshotLeavesItOut() {
        String style = unique("ORP");
        long asOf = api(ERP).put("/api/v1/catalog/styles/" + style,
                variantPrices(withSkus(style("Orphaned", List.of("S", "M"), price("39.00", "2026-01-01T00:00:00Z")), style),
                        price("35.00", "2026-02-01T00:00:00Z"))).json().get("revision").asLong();
        // a variant-level price whose SKU never had a version (not something a publish writes), sorting before the style's
        // SKUs: the merge must not give it to the next SKU, nor lose the prices after it
        jdbc.sql("""
                INSERT INTO price (style_code, sku, price_list, currency, amount_minor, effective_from, revision)
                VALUES (?, ?, 'retail-usd', 'USD', 100, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', ?)""")
                .params(style, style + "-NAVY-L0", asOf).update();

        List<JsonNode> paged = paged(asOf);
        for (int rows : STRETCHES) {
            assertThat(stream(asOf, rows)).as("stretches of %d rows", rows).isEqualTo(paged);
        }
        assertThat(paged.stream().filter(v -> v.get("styleCode").asString().equals(style)).map(v -> v.get("prices").size())).containsExactly(2, 2);
    }

    @Test
    void aStreamReadWhileTheBackOfficeRepublishesIsTheCatalogueAsOfItsRevision() throws Exception {
        String style = unique("CON");
        List<String> sizes = List.of("XS", "S", "M", "L", "XL", "2XL", "3XL", "4XL");
        long asOf = api(ERP).put("/api/v1/catalog/styles/" + style, withSkus(style("Overshirt", sizes, price("89.00", "2026-01-01T00:00:00Z")), style))
                .json().get("revision").asLong();
        List<JsonNode> before = paged(asOf);

        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread backOffice = new Thread(() -> {
            try {
                for (int n = 0; streaming.get(); n = published.incrementAndGet()) {
                    // renamed, 2XL dropped and back, re-priced, and a new style whose SKUs sort among this one's
                    List<String> now = n % 2 == 0 ? sizes.stream().filter(s -> !s.equals("2XL")).toList() : sizes;
                    api(ERP).put("/api/v1/catalog/styles/" + style, withSkus(style("Overshirt v" + n, now, price(n + 1 + ".00", "2026-01-01T00:00:00Z")), style));
                    api(ERP).put("/api/v1/catalog/styles/" + style + "-NAVY-M" + n, withSkus(style("Between", List.of("S"), price("1.00", "2026-01-01T00:00:00Z")),
                            style + "-NAVY-M" + n));
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        backOffice.start();
        try {
            int[] stretches = {1, 3, 7};
            // streams while the back office publishes: at least one of each stretch size, until it has published a few times
            for (int i = 0; i < stretches.length || published.get() < 5 && failed.get() == null; i++) {
                int rows = stretches[i % stretches.length];
                assertThat(stream(asOf, rows)).as("stretches of %d rows", rows).isEqualTo(before);
            }
        } finally {
            streaming.set(false);
            backOffice.join();
        }
        assertThat(failed.get()).isNull();
        assertThat(published.get()).as("publishes while streaming").isGreaterThanOrEqualTo(5);
        assertThat(before.stream().filter(v -> v.get("styleCode").asString().equals(style))).hasSize(8)
                .allSatisfy(v -> assertThat(v.get("styleName").asString()).isEqualTo("Overshirt"));
    }

    private List<JsonNode> stream(long asOf, int rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = feed.writeSnapshot(asOf, out, rows);
        String body = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        if (!body.isEmpty()) {
            assertThat(body).endsWith("}\n");
            for (String line : body.split("\n")) {
                lines.add(Api.JSON.readTree(line));
            }
        }
        assertThat(written).isEqualTo(lines.size());
        return lines;
    }

    private List<JsonNode> paged(long asOf) {
        return Snapshots.paged(api(POS), asOf, 500);
    }

    private static Map<String, Object> price(String amount, String from) {
        return Map.of("priceList", "retail-usd", "currency", "USD", "amount", amount, "effectiveFrom", from);
    }

    private static Map<String, Object> style(String name, List<String> sizes, Map<String, Object> stylePrice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("season", "FW26");
        body.put("category", "Shirts");
        body.put("taxClass", "apparel-standard");
        body.put("colours", List.of(Map.of("code", "NAVY", "name", "Navy")));
        body.put("sizes", List.of("XS", "S", "M", "L", "XL", "2XL", "3XL", "4XL"));
        body.put("variants", sizes.stream().map(size -> new LinkedHashMap<String, Object>(Map.of("colour", "NAVY", "size", size))).toList());
        body.put("prices", new ArrayList<>(List.of(stylePrice)));
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withSkus(Map<String, Object> body, String code) {
        for (Map<String, Object> variant : (List<Map<String, Object>>) body.get("variants")) {
            variant.put("sku", code + "-NAVY-" + variant.get("size"));
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variantPrices(Map<String, Object> body, Map<String, Object> price) {
        for (Map<String, Object> variant : (List<Map<String, Object>>) body.get("variants")) {
            variant.put("prices", List.of(price));
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> stylePrices(Map<String, Object> body) {
        return (List<Object>) body.get("prices");
    }
}
