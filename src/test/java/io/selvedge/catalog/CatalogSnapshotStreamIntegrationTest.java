package io.selvedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.catalog.jdbc.JdbcCatalogFeed;
import io.selvedge.testing.Api;
import io.selvedge.testing.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /catalog/snapshot} with {@code Accept: application/x-ndjson}: the whole snapshot of a revision, streamed. */
class CatalogSnapshotStreamIntegrationTest extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcCatalogFeed feed;

    @Test
    void theStreamIsThePagedSnapshotOfTheSameRevisionOneVariantALine() throws Exception {
        String shirt = unique("NDJ");
        String coat = unique("NDJ");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + shirt, style("Overshirt", shirt, List.of("S", "M", "L"), true)).status()).isEqualTo(200);
        long asOf = api(ERP).put("/api/v1/catalog/styles/" + coat, style("Chore coat \"Wabi\" café \\ 1/2", coat, List.of("M", "L"), false)).json().get("revision").asLong();
        // after the revision: renamed, M dropped; the stream as of the revision must not see it
        api(ERP).put("/api/v1/catalog/styles/" + shirt, style("Overshirt v2", shirt, List.of("S", "L"), true));

        HttpResponse<String> stream = ndjson("/api/v1/catalog/snapshot?asOf=" + asOf);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        assertThat(stream.headers().firstValue("Selvedge-Catalog-As-Of")).contains(Long.toString(asOf));
        assertThat(stream.body()).endsWith("}\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stream.body().split("\n")) {
            lines.add(Api.JSON.readTree(line));
        }

        List<JsonNode> paged = Snapshots.paged(api(POS), asOf, 50);
        assertThat(lines).as("the same variants, in the same order, with the same prices").isEqualTo(paged);

        Map<String, JsonNode> shirts = new LinkedHashMap<>();
        lines.stream().filter(v -> v.get("styleCode").asString().equals(shirt)).forEach(v -> shirts.put(v.get("size").asString(), v));
        assertThat(shirts).containsOnlyKeys("S", "M", "L");
        assertThat(shirts.get("M").get("styleName").asString()).isEqualTo("Overshirt");
        assertThat(shirts.get("M").get("prices").findValuesAsString("level")).containsExactly("STYLE", "VARIANT");
        assertThat(lines.stream().filter(v -> v.get("styleCode").asString().equals(coat)).map(v -> v.get("styleName").asString()))
                .as("quotes, a backslash and non-ASCII survive the stream").containsOnly("Chore coat \"Wabi\" café \\ 1/2");
    }

    @Test
    void aScanReadsEachSkusNewestVersionOnceWhateverThePageSize() {
        String style = unique("SCN");
        for (int i = 0; i < 4; i++) {
            api(ERP).put("/api/v1/catalog/styles/" + style, style("Tee v" + i, style, List.of("S", "M", "L"), false));
        }
        long asOf = api(POS).get("/api/v1/catalog/snapshot?limit=1").json().get("asOf").asLong();
        // the style's SKUs share its code as a prefix, so scanning from the code reads them first (other tests' SKUs follow)
        List<JdbcCatalogFeed.Version> whole = scanStyle(style, asOf, 1000);
        assertThat(whole).extracting(JdbcCatalogFeed.Version::sku).containsExactly(style + "-NAVY-L", style + "-NAVY-M", style + "-NAVY-S");
        assertThat(whole).extracting(JdbcCatalogFeed.Version::styleName).containsOnly("Tee v3");
        for (int rows : new int[] {1, 2, 3, 4, 5}) {
            assertThat(scanStyle(style, asOf, rows)).as("pages of %d rows", rows).isEqualTo(whole);
        }
    }

    @Test
    void refusesARevisionNotYetPublished() throws Exception {
        long current = api(POS).get("/api/v1/catalog/snapshot?limit=1").json().get("asOf").asLong();
        HttpResponse<String> refused = ndjson("/api/v1/catalog/snapshot?asOf=" + (current + 1000));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("\"field\":\"asOf\"");
    }

    private List<JdbcCatalogFeed.Version> scanStyle(String style, long asOf, int rows) {
        List<JdbcCatalogFeed.Version> found = new ArrayList<>();
        String after = style;
        while (true) {
            JdbcCatalogFeed.Scan scan = feed.scan(asOf, after, rows);
            for (JdbcCatalogFeed.Version v : scan.newest()) {
                if (!v.styleCode().equals(style)) {
                    return found;
                }
                found.add(v);
            }
            if (scan.end()) {
                return found;
            }
            assertThat(scan.lastSku()).as("a scan always moves on").isNotEqualTo(after);
            after = scan.lastSku();
        }
    }

    private HttpResponse<String> ndjson(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + POS)
                .header("Accept", "application/x-ndjson").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> style(String name, String code, List<String> sizes, boolean variantPrice) {
        List<Map<String, Object>> variants = new ArrayList<>();
        for (String size : sizes) {
            Map<String, Object> variant = new LinkedHashMap<>(Map.of("sku", code + "-NAVY-" + size, "colour", "NAVY", "size", size));
            if (variantPrice) {
                variant.put("prices", List.of(Map.of("priceList", "retail-usd", "currency", "USD", "amount", "79.00",
                        "effectiveFrom", "2026-03-01T00:00:00Z")));
            }
            variants.add(variant);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("season", "FW26");
        body.put("category", "Shirts");
        body.put("taxClass", "apparel-standard");
        body.put("colours", List.of(Map.of("code", "NAVY", "name", "Navy")));
        body.put("sizes", List.of("S", "M", "L"));
        body.put("variants", variants);
        body.put("prices", List.of(Map.of("priceList", "retail-usd", "currency", "USD", "amount", "89.00",
                "effectiveFrom", "2026-01-01T00:00:00Z")));
        return body;
    }
}
