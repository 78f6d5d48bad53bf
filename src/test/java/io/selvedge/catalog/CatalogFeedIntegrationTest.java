package io.selvedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CatalogFeedIntegrationTest extends IntegrationTest {

    private static final List<String> SIZES = List.of("XS", "S", "M", "L", "XL", "2XL", "3XL", "4XL");

    @Test
    void aSnapshotPagedDuringRepublishingHasEveryVariantOfItsRevisionExactlyOnce() throws Exception {
        String style = unique("SNP");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, style(style, "Overshirt", SIZES)).status()).isEqualTo(200);
        long asOf = api(POS).get("/api/v1/catalog/snapshot?limit=1").json().get("asOf").asLong();

        AtomicBoolean paging = new AtomicBoolean(true);
        Thread backOffice = new Thread(() -> {
            int n = 0;
            while (paging.get()) {
                // the style changes mid-sync: renamed, its 2XL dropped, then back
                List<String> sizes = n % 2 == 0 ? SIZES.stream().filter(s -> !s.equals("2XL")).toList() : SIZES;
                api(ERP).put("/api/v1/catalog/styles/" + style, style(style, "Overshirt v" + n++, sizes));
            }
        });
        backOffice.start();
        List<String> seen = new ArrayList<>();
        String cursor = "";
        try {
            do {
                JsonNode page = api(POS).get("/api/v1/catalog/snapshot?asOf=" + asOf + "&limit=7&cursor=" + cursor).json();
                assertThat(page.get("asOf").asLong()).isEqualTo(asOf);
                for (JsonNode variant : page.get("variants")) {
                    assertThat(variant.get("revision").asLong()).isLessThanOrEqualTo(asOf);
                    if (variant.get("styleCode").asString().equals(style)) {
                        seen.add(variant.get("sku").asString());
                        assertThat(variant.get("styleName").asString()).isEqualTo("Overshirt");
                        assertThat(variant.get("prices").get(0).get("amount").asString()).isEqualTo("89.00");
                    }
                }
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
                Thread.sleep(5);
            } while (cursor != null);
        } finally {
            paging.set(false);
            backOffice.join();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(SIZES.stream().map(s -> style + "-NAVY-" + s).toList());
    }

    @Test
    void changesAfterARevisionNameNewChangedAndDiscontinuedVariants() {
        String style = unique("CHG");
        api(ERP).put("/api/v1/catalog/styles/" + style, style(style, "Chore coat", List.of("S", "M")));
        long before = api(POS).get("/api/v1/catalog/snapshot?limit=1").json().get("asOf").asLong();
        long revision = api(ERP).put("/api/v1/catalog/styles/" + style, style(style, "Chore coat", List.of("M", "L"))).json().get("revision").asLong();

        JsonNode changes = api(POS).get("/api/v1/catalog/changes?after=" + before + "&limit=1000").json();
        Map<String, String> kinds = new LinkedHashMap<>();
        for (JsonNode change : changes.get("changes")) {
            if (change.get("styleCode").asString().equals(style)) {
                assertThat(change.get("revision").asLong()).isEqualTo(revision);
                kinds.put(change.get("size").asString(), change.get("change").asString());
            }
        }
        assertThat(kinds).containsEntry("S", "DISCONTINUED").containsEntry("M", "CHANGED").containsEntry("L", "NEW");
        assertThat(changes.get("next").asLong()).isGreaterThanOrEqualTo(revision);
    }

    @Test
    void aScheduledMarkdownIsAnnouncedWhenItTakesEffect() throws Exception {
        String style = unique("MKD");
        // far enough ahead that the publish lands before it even on a loaded machine
        Instant soon = Instant.now().plusSeconds(6);
        Map<String, Object> body = style(style, "Peacoat", List.of("M"));
        body.put("prices", List.of(
                Map.of("priceList", "retail-usd", "currency", "USD", "amount", "395.00", "effectiveFrom", "2026-01-01T00:00:00Z"),
                Map.of("priceList", "retail-usd", "currency", "USD", "amount", "276.00", "effectiveFrom", soon.toString())));
        api(ERP).put("/api/v1/catalog/styles/" + style, body);
        assertThat(scheduledAnnouncements(style)).isEmpty();

        long deadline = System.currentTimeMillis() + 30_000;
        while (scheduledAnnouncements(style).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        List<JsonNode> announced = scheduledAnnouncements(style);
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0).get("data").get("prices").get(0).get("amount").asString()).isEqualTo("276.00");
        var variant = api(POS).get("/api/v1/catalog/variants/" + style + "-NAVY-M").json();
        assertThat(variant.get("prices").get(0).get("amount").asString()).isEqualTo("276.00");
    }

    @Test
    void aPosAcknowledgesItsRevisionAndMonitoringSeesHowFarBehindItIs() {
        String style = unique("ACK");
        long revision = api(ERP).put("/api/v1/catalog/styles/" + style, style(style, "Tee", List.of("M"))).json().get("revision").asLong();
        var ack = api(POS).post("/api/v1/catalog/acks", Map.of("location", "STORE-MEL", "revision", revision));
        assertThat(ack.status()).isEqualTo(200);
        api(ERP).put("/api/v1/catalog/styles/" + unique("ACK"), style(unique("ACK"), "Tee", List.of("M")));

        JsonNode acks = api(OPS).get("/api/v1/catalog/acks").json();
        JsonNode mel = null;
        for (JsonNode row : acks) {
            if (row.get("location").asString().equals("STORE-MEL")) {
                mel = row;
            }
        }
        assertThat(mel).isNotNull();
        assertThat(mel.get("revision").asLong()).isEqualTo(revision);
        assertThat(mel.get("revisionsBehind").asLong()).isGreaterThanOrEqualTo(1);

        assertThat(api(POS).post("/api/v1/catalog/acks", Map.of("location", "WH1", "revision", revision)).status()).isEqualTo(403);
        var future = api(POS).post("/api/v1/catalog/acks", Map.of("location", "STORE-MEL", "revision", revision + 1_000_000));
        assertThat(future.status()).isEqualTo(422);
        assertThat(future.json().get("errors").get(0).get("field").asString()).isEqualTo("revision");
    }

    private List<JsonNode> scheduledAnnouncements(String style) {
        List<JsonNode> found = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api(OPS).get("/api/v1/events?types=price.changed&limit=1000&after=" + after).json();
            for (JsonNode event : page.get("events")) {
                JsonNode data = event.get("data");
                if (data.path("styleCode").asString().equals(style) && "scheduled".equals(data.path("reason").asString())) {
                    found.add(event);
                }
            }
            if (page.get("events").size() < 1000) {
                return found;
            }
            after = page.get("next").asLong();
        }
    }

    private static Map<String, Object> style(String code, String name, List<String> sizes) {
        List<Map<String, Object>> variants = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String size : sizes) {
            if (seen.add(size)) {
                variants.add(Map.of("sku", code + "-NAVY-" + size, "colour", "NAVY", "size", size));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("season", "FW26");
        body.put("category", "Shirts");
        body.put("taxClass", "apparel-standard");
        body.put("colours", List.of(Map.of("code", "NAVY", "name", "Navy")));
        body.put("sizes", SIZES);
        body.put("variants", variants);
        body.put("prices", List.of(Map.of("priceList", "retail-usd", "currency", "USD", "amount", "89.00",
                "effectiveFrom", "2026-01-01T00:00:00Z")));
        return body;
    }
}
