package io.selvedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.IntegrationTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CatalogImportIntegrationTest extends IntegrationTest {

    private static final String HEADER = "style,name,colour,size,sku,gtin,season,category,tax class,price list,currency,price,effective from\n";

    @Test
    void importsACsvAndReportsEveryBadRowWithItsLineAndReason() {
        String a = unique("IMA");
        String b = unique("IMB");
        String csv = HEADER
                + a + ",Overshirt,NAVY,S," + a + "-S,,FW26,Shirts,apparel-standard,retail-usd,USD,89.00,2026-01-01T00:00:00Z\n"   // 2
                + a + ",Overshirt,NAVY,M," + a + "-M,00012345678906,FW26,Shirts,apparel-standard,retail-usd,USD,89.00,\n"         // 3 bad GTIN
                + a + ",Overshirt,NAVY,L," + a + "-L,,FW26,Shirts,apparel-standard,retail-usd,USD,89.5000001,\n"                  // 4 float price
                + a + ",Overshirt,NAVY,XL," + a + "-XL,,FW26,Shirts,apparel-standard,retail-usd,USD,89.00,\n"                     // 5
                + b + ",Chino,KHAKI,30," + b + "-30,,FW26,Trousers,luxury-goods,retail-usd,USD,98.00,\n"                           // 6 unknown tax class
                + b + ",Chino,KHAKI,32," + b + "-32,,FW26,Trousers,apparel-standard,retail-usd,USD,98.00,\n"                      // 7
                + b + ",Chino,KHAKI,34," + b + "-32,,FW26,Trousers,apparel-standard,retail-usd,USD,98.00,\n"                      // 8 duplicate SKU
                + a + ",Overshirt,NAVY,2XL," + a + "-2XL,,FW26,Shirts,apparel-standard,retail-usd,USD,89.00,\n";                 // 9 not contiguous
        var response = post("text/csv", csv, "");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("status").asString()).isEqualTo("DONE");
        assertThat(report.get("rowsAccepted").asLong()).isEqualTo(2 + 1);
        List<String> errors = new ArrayList<>();
        report.get("errors").forEach(e -> errors.add(e.get("line").asLong() + ":" + e.get("field").asString()));
        assertThat(errors).contains("3:gtin", "4:price", "6:taxClass", "8:sku", "9:style");
        assertThat(api(POS).get("/api/v1/catalog/variants/" + a + "-XL").json().get("prices").get(0).get("amount").asString()).isEqualTo("89.00");
        assertThat(api(POS).get("/api/v1/catalog/variants/" + a + "-M").status()).isEqualTo(404);
    }

    @Test
    void anInterruptedImportResumesAfterItsLastCommittedChunkWithoutDuplicating() throws Exception {
        String prefix = unique("RSM");
        StringBuilder csv = new StringBuilder(HEADER);
        for (int style = 0; style < 10; style++) {
            for (String size : List.of("S", "M", "L")) {
                csv.append(prefix).append(style).append(",Tee,ECRU,").append(size).append(',').append(prefix).append(style).append('-').append(size)
                        .append(",,FW26,Knitwear,apparel-standard,retail-usd,USD,38.00,\n");
            }
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        String importId = unique("imp");
        // the upload breaks off two thirds of the way through: a chunked body whose connection closes mid-way
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            int cut = bytes.length * 2 / 3;
            out.write(("POST /api/v1/catalog/imports?chunkRows=3&importId=" + importId + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + ERP + "\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(cut) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, cut);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(1500); // the hub reads and commits what arrived, then the connection drops
        }
        JsonNode partial = awaitStable(importId);
        assertThat(partial.get("status").asString()).isEqualTo("RUNNING");
        long committed = partial.get("lastCommittedLine").asLong();
        assertThat(committed).isBetween(1L, 31L);

        var resumed = post("text/csv", csv.toString(), "&chunkRows=3&importId=" + importId);
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        JsonNode report = resumed.json();
        assertThat(report.get("status").asString()).isEqualTo("DONE");
        assertThat(report.get("rowsAccepted").asLong()).as("every row once, none twice").isEqualTo(30);
        assertThat(report.get("stylesPublished").asLong()).isEqualTo(10);
        for (int style = 0; style < 10; style++) {
            assertThat(api(POS).get("/api/v1/catalog/variants/" + prefix + style + "-L").status()).isEqualTo(200);
        }
        var again = post("text/csv", csv.toString(), "&importId=" + importId);
        assertThat(again.json().get("rowsAccepted").asLong()).as("a finished import replays its report").isEqualTo(30);
    }

    @Test
    void importsTheRealShopifySampleCataloguesReportingTheRowsItCannotTake() throws IOException {
        Path samples = Path.of(System.getProperty("selvedge.samples", "../shared/samples"), "catalogue");
        var apparel = post("text/csv", Files.readString(samples.resolve("apparel.csv")), "");
        assertThat(apparel.status()).as(apparel.body()).isEqualTo(200);
        assertThat(apparel.json().get("format").asString()).isEqualTo("shopify-csv");
        assertThat(apparel.json().get("rowsAccepted").asLong()).isEqualTo(22);
        var varsity = api(POS).get("/api/v1/catalog/variants/CLASSIC-VARSITY-TOP-DEFAULT-MEDIUM");
        assertThat(varsity.status()).isEqualTo(200);
        assertThat(varsity.json().get("prices").get(0).get("amount").asString()).isEqualTo("60.00");

        var template = post("text/csv", Files.readString(samples.resolve("product_template.csv")), "");
        JsonNode report = template.json();
        // the barcodes of this export went through a spreadsheet ("3.65275E+11"): refused row by row, with the reason
        assertThat(report.get("errors").findValuesAsString("field")).contains("gtin");
        assertThat(report.get("errors").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(report.get("rowsRefused").asLong()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void importsNdjsonStylesAndNamesTheBadLines() {
        String a = unique("NDA");
        String good = "{\"styleCode\":\"" + a + "\",\"name\":\"Crew\",\"category\":\"Knitwear\",\"taxClass\":\"apparel-standard\","
                + "\"colours\":[{\"code\":\"GREY\"}],\"sizes\":[\"M\"],\"variants\":[{\"sku\":\"" + a + "-M\",\"colour\":\"GREY\",\"size\":\"M\"}]}";
        String ndjson = good + "\n{not json\n{\"styleCode\":\"" + unique("NDB") + "\",\"name\":\"X\",\"category\":\"Knitwear\","
                + "\"taxClass\":\"apparel-standard\",\"colours\":[{\"code\":\"GREY\"}],\"sizes\":[\"M\"],\"variants\":[{\"sku\":\"Z\",\"colour\":\"RED\",\"size\":\"M\"}]}\n";
        var response = post("application/x-ndjson", ndjson, "");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> errors = new ArrayList<>();
        response.json().get("errors").forEach(e -> errors.add(e.get("line").asLong() + ":" + e.get("field").asString()));
        assertThat(errors).contains("2:$", "3:variants[0].colour");
        assertThat(api(POS).get("/api/v1/catalog/variants/" + a + "-M").status()).isEqualTo(200);
    }

    @Test
    void aSkuOrGtinTakenByAnEarlierStyleOfTheSameChunkIsRefusedForTheLaterOne() {
        String a = unique("DUA");
        String b = unique("DUB");
        String c = unique("DUC");
        String gtin = freshGtin13();
        String csv = HEADER
                + a + ",Crew,GREY,M," + a + "-M," + gtin + ",FW26,Knitwear,apparel-standard,retail-usd,USD,50.00,\n"  // 2
                + b + ",Crew,GREY,M," + a + "-M,,FW26,Knitwear,apparel-standard,retail-usd,USD,50.00,\n"                 // 3 A's SKU
                + c + ",Crew,GREY,M," + c + "-M," + gtin + ",FW26,Knitwear,apparel-standard,retail-usd,USD,50.00,\n";  // 4 A's GTIN
        var response = post("text/csv", csv, "&chunkRows=100");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> errors = new ArrayList<>();
        response.json().get("errors").forEach(e -> errors.add(e.get("line").asLong() + ":" + e.get("field").asString() + ":" + e.get("reason").asString()));
        assertThat(errors).containsExactlyInAnyOrder("3:variants[0].sku:already belongs to style " + a,
                "4:variants[0].gtin:already identifies SKU " + a + "-M");
        assertThat(api(POS).get("/api/v1/catalog/variants/" + a + "-M").json().get("style").get("styleCode").asString()).isEqualTo(a);
        assertThat(api(POS).get("/api/v1/catalog/variants/" + c + "-M").status()).isEqualTo(404);
    }

    @Test
    void onlyTheOwnerOfProductsImports() {
        assertThat(api(POS).send("POST", "/api/v1/catalog/imports", "text/csv", HEADER).status()).isEqualTo(403);
    }

    /** A GTIN-13 no other test uses, with its GS1 check digit. */
    private static String freshGtin13() {
        String body = String.format("%012d", Math.abs(System.nanoTime()) % 1_000_000_000_000L);
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (body.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return body + (10 - sum % 10) % 10;
    }

    private Api.Response post(String contentType, String body, String query) {
        return api(ERP).send("POST", "/api/v1/catalog/imports?currency=USD" + query, contentType, body);
    }

    private JsonNode awaitStable(String importId) throws InterruptedException {
        JsonNode last = null;
        for (int i = 0; i < 50; i++) {
            var response = api(OPS).get("/api/v1/catalog/imports/" + importId);
            if (response.status() == 200) {
                JsonNode now = response.json();
                if (last != null && last.get("lastCommittedLine").equals(now.get("lastCommittedLine"))) {
                    return now;
                }
                last = now;
            }
            Thread.sleep(200);
        }
        return last;
    }
}
