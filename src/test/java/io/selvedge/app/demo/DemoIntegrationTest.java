package io.selvedge.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The Saturday of `./selvedge demo`, played against the test's hub: every step must behave. */
class DemoIntegrationTest extends IntegrationTest {

    @Autowired
    Demo demo;

    @Test
    void playsTheSaturdayOvershirtEndToEnd() {
        assertThat(demo.play()).isTrue();

        var abk = api(OPS).get("/api/v1/inventory/availability?location=STORE-ABK&sku=OVS-NAVY-M").json().get(0);
        assertThat(abk.get("onHand").asLong()).isZero();
        var wh1 = api(OPS).get("/api/v1/inventory/availability?location=WH1&sku=OVS-NAVY-M").json().get(0);
        assertThat(wh1.get("allocated").asLong()).as("the wholesale hold stays whole").isEqualTo(12);
        assertThat(wh1.get("available").asLong()).isZero();
        var catalogue = api(POS).get("/api/v1/catalog/variants/OVS-NAVY-M");
        assertThat(catalogue.json().get("gtin").asString()).hasSize(13);
    }
}
