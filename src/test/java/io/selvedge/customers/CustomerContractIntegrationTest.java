package io.selvedge.customers;

import static io.selvedge.customers.CustomerFixtures.anyUsNumber;
import static io.selvedge.customers.CustomerFixtures.customer;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo contract with what a brand may add: customer fields given to one system (loyalty tiers and points to the
 * ERP), Gmail's dots ignored, and a store in another country.
 */
class CustomerContractIntegrationTest extends IntegrationTest {

    private static final String CUSTOMERS = "/api/v1/customers";
    private static final AtomicLong UK = new AtomicLong(System.nanoTime() % 90_000);

    @DynamicPropertySource
    static void contract(DynamicPropertyRegistry registry) throws IOException {
        String demo = new ClassPathResource("selvedge-demo.yml").getContentAsString(StandardCharsets.UTF_8);
        String yaml = demo
                .replace("  customer.*:  hub\n", "  customer.*:  hub\n  customer.loyaltyTier: erp\n  customer.loyaltyPoints: erp\n")
                .replace("locations:\n", "locations:\n  STORE-LDN:  { name: Covent Garden, type: store, timeZone: Europe/London, country: GB }\n")
                .replace("policies:\n", "policies:\n  customers.gmailDotsInsensitive: \"true\"\n");
        assertThat(yaml).contains("customer.loyaltyTier: erp", "customer.loyaltyPoints: erp", "STORE-LDN", "gmailDotsInsensitive");
        Path file = Files.createTempFile("selvedge-customers", ".yml");
        Files.writeString(file, yaml);
        file.toFile().deleteOnExit();
        registry.add("selvedge.contract", file::toString);
    }

    @Test
    void aFieldTheContractGivesToOneSystemIsRefusedFromOthers() {
        String sourceId = unique("POSCUST");
        var refused = api(POS).post(CUSTOMERS, customer("source", "pos", "sourceId", sourceId, "email", unique("t") + "@example.com",
                "loyaltyTier", "GOLD"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("customer.loyaltyTier");
        assertThat(api(ERP).get(CUSTOMERS + "?source=pos&sourceId=" + sourceId).status()).as("nothing written").isEqualTo(404);

        String email = unique("tier") + "@example.com";
        var byOwner = api(ERP).post(CUSTOMERS, customer("source", "erp", "email", email, "loyaltyTier", "GOLD"));
        assertThat(byOwner.status()).isEqualTo(201);
        String id = byOwner.json().get("customerId").asString();
        var other = api(POS).post(CUSTOMERS, customer("source", "pos", "email", email, "firstName", "Ana"));
        assertThat(other.status()).as("other customer fields stay open to every system").isEqualTo(200);
        var view = api(POS).get(CUSTOMERS + "/" + id).json();
        assertThat(view.get("loyaltyTier").asString()).isEqualTo("GOLD");
        assertThat(view.get("survivorship").get("loyaltyTier").get("system").asString()).isEqualTo("erp");
        assertThat(view.get("firstName").asString()).isEqualTo("Ana");
    }

    @Test
    void pointsTheContractGivesToOneSystemAreRefusedFromOthers() {
        String id = api(WEB).post(CUSTOMERS, customer("source", "shopify", "email", unique("pts") + "@example.com"))
                .json().get("customerId").asString();
        Map<String, Object> movement = Map.of("movementId", unique("LOY"), "points", 10, "occurredAt", "2026-11-28T20:00:00Z");
        var refused = api(POS).post(CUSTOMERS + "/" + id + "/loyalty", movement);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("customer.loyaltyPoints");
        assertThat(api(ERP).get(CUSTOMERS + "/" + id).json().get("loyalty").get("points").asLong()).isZero();
        assertThat(api(ERP).post(CUSTOMERS + "/" + id + "/loyalty", movement).status()).isEqualTo(201);
    }

    @Test
    void gmailDotsAreIgnoredWhenThePolicySaysSo() {
        String name = unique("ana").replaceAll("[^a-z0-9]", "").toLowerCase(Locale.ROOT);
        String dotted = name.charAt(0) + "." + name.substring(1);
        String id = api(WEB).post(CUSTOMERS, customer("source", "shopify", "email", dotted + "@gmail.com")).json().get("customerId").asString();
        var match = api(POS).post(CUSTOMERS, customer("source", "pos", "email", name.toUpperCase(Locale.ROOT) + "@googlemail.com"));
        assertThat(match.json().get("customerId").asString()).isEqualTo(id);
        assertThat(match.json().get("matchedBy").asString()).isEqualTo("EMAIL");
    }

    @Test
    void readsNationalNumbersInTheNamedStoresCountry() {
        String local = String.format("%05d", UK.incrementAndGet() % 100_000);
        var first = api(ERP).post(CUSTOMERS, customer("source", "erp", "phone", "07700 9" + local, "location", "STORE-LDN"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        var match = api(POS).post(CUSTOMERS, customer("source", "pos", "phone", "+44 7700 9" + local));
        assertThat(match.json().get("customerId").asString()).isEqualTo(first.json().get("customerId").asString());
        assertThat(match.json().get("matchedBy").asString()).isEqualTo("PHONE");
    }

    @Test
    void aSenderAcrossCountriesMustGiveTheCountryCode() {
        var ambiguous = api(ERP).post(CUSTOMERS, customer("source", "erp", "phone", anyUsNumber()));
        assertThat(ambiguous.status()).isEqualTo(422);
        assertThat(ambiguous.json().get("errors").get(0).get("field").asString()).isEqualTo("phone");
        assertThat(ambiguous.json().get("errors").get(0).get("message").asString()).contains("country code");

        var usStore = api(POS).post(CUSTOMERS, customer("source", "pos", "phone", anyUsNumber()));
        assertThat(usStore.status()).as("the POS speaks for US stores only").isEqualTo(201);
    }
}
