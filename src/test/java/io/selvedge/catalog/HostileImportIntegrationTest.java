package io.selvedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.api.Test;

/** Broken or adversarial import files are refused row by row or as a whole, never a 500, never echoing a card number. */
class HostileImportIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private static final String HEADER = "style,name,colour,size,sku,gtin,season,category,tax class,price list,currency,price,effective from\n";
    private static final String PAN = "4111111111111111";

    @Test
    void aRowWithMoreCellsThanTheHeaderIsRefusedWithoutEchoingIt() {
        String style = unique("HX");
        var answer = post(HEADER + style + ",Shirt,NAVY,M," + style + "-M,,FW26,Shirts,apparel-standard,retail-usd,USD,10.00,2026-01-01T00:00:00Z," + PAN + "\n", importId());
        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
        assertThat(answer.body()).doesNotContain(PAN);
    }

    @Test
    void aRowWithFewerCellsIsARowError() {
        String style = unique("HX");
        var answer = post(HEADER + style + ",Shirt,NAVY\n", importId());
        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
    }

    @Test
    void anEmptyBodyIsRefusedAndLeavesNothingBehind() {
        String importId = importId();
        var answer = post("", importId);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
        assertThat(answer.json().toString()).contains("body");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM instance_lease WHERE name LIKE ?").param("%" + importId + "%").query(Long.class).single())
                .as("not even the import's lease was claimed").isZero();
        assertThat(api(ERP).get("/api/v1/catalog/imports/" + importId).status()).as("no import was started").isEqualTo(404);
    }

    @Test
    void aCellTooLongForItsColumnIsARowError() {
        String style = unique("HX");
        var answer = post(HEADER + style + ",Shirt,NAVY,M," + style + "-M,,FW26," + "C".repeat(300)
                + ",apparel-standard,retail-usd,USD,10.00,2026-01-01T00:00:00Z\n", importId());
        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
    }

    @Test
    void aCardNumberInACellRefusesTheRowWithoutKeepingIt() {
        String style = unique("HX");
        String importId = importId();
        var answer = post(HEADER + style + ",Shirt " + PAN + ",NAVY,M," + style + "-M,,FW26,Shirts,apparel-standard,retail-usd,USD,10.00,2026-01-01T00:00:00Z\n", importId);
        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
        assertThat(answer.body()).doesNotContain(PAN);
        assertThat(api(OPS).get("/api/v1/catalog/imports/" + importId).body()).doesNotContain(PAN);
        assertThat(api(POS).get("/api/v1/catalog/variants/" + style + "-M").status()).isEqualTo(404);
    }

    @Test
    void aCurrencyThatIsNoCurrencyIsARowError() {
        String style = unique("HX");
        var answer = post(HEADER + "\"" + style + "\",\"Hostile shirt\",\"NAVY\",\"M\",\"" + style + "-NAVY-M\",\"00000001157772\",\"FW26\",\"Shirts\","
                + "\"apparel-standard\",\"retail-usd\",\"42\",\"89.00\",\"2026-01-01T00:00:00Z\"\n", importId());
        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
    }

    private static String importId() {
        return unique("HOSTILE");
    }

    private io.selvedge.testing.Api.Response post(String body, String importId) {
        return api(ERP).send("POST", "/api/v1/catalog/imports?currency=USD&importId=" + importId, "text/csv", body);
    }
}
