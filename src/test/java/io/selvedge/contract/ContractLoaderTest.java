package io.selvedge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ContractLoaderTest {

    private static final String DEMO = ContractConfiguration.readDemo();

    @Test
    void loadsTheDemoContract() {
        Contract contract = ContractLoader.load(DEMO, "demo");
        assertThat(contract.locations()).containsKeys("WH1", "STORE-ABK", "STORE-SOHO", "STORE-MEL");
        assertThat(contract.location("STORE-SOHO").orElseThrow().zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(contract.channel("web").orElseThrow().locations()).containsExactly("WH1");
        assertThat(contract.channel("STORE-ABK").orElseThrow().locations()).as("each store sells from itself").containsExactly("STORE-ABK");
        assertThat(contract.ownerOf("price.amount")).isEqualTo("erp");
        assertThat(contract.ownerOf("inventory.onHand")).isEqualTo("hub");
        assertThat(contract.writersOf("inventory.allocation")).containsExactlyInAnyOrder("wholesale", "erp");
        assertThat(contract.flows().get("availability").maxLag()).hasSeconds(1);
        assertThat(contract.finance().account("tenders", "VISA")).contains("1121");
        assertThat(contract.finance().account("revenue", "Hats")).as("falls back to the default").contains("4000");
    }

    @Test
    void authenticatesTheDevelopmentKeysAndNothingElse() {
        ApiKeys keys = new ApiKeys(ContractLoader.load(DEMO, "demo"));
        assertThat(keys.authenticate("dev-pos-key").orElseThrow().name()).isEqualTo("pos");
        assertThat(keys.authenticate("dev-erp-key").orElseThrow().name()).isEqualTo("erp");
        assertThat(keys.authenticate("dev-pos-key ")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void knowsWhenAStoreTradesInItsOwnZone() {
        Contract contract = ContractLoader.load(DEMO, "demo");
        Contract.Location abk = contract.location("STORE-ABK").orElseThrow();
        // Saturday 2026-11-28 15:00 in Los Angeles is 23:00 UTC
        assertThat(abk.tradingHours().isTrading(Instant.parse("2026-11-28T23:00:00Z"), abk.zone())).isTrue();
        // 03:00 in Los Angeles
        assertThat(abk.tradingHours().isTrading(Instant.parse("2026-11-28T11:00:00Z"), abk.zone())).isFalse();
    }

    @Test
    void namesTheLineOfAnUnknownLocationInAChannel() {
        String broken = DEMO.replace("web:       { locations: [WH1]", "web:       { locations: [WH9]");
        int line = lineOf(broken, "WH9");
        assertThatThrownBy(() -> ContractLoader.load(broken, "selvedge.yml"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("selvedge.yml line " + line)
                .hasMessageContaining("unknown location 'WH9'");
    }

    @Test
    void refusesAFieldFamilyWithoutAnOwner() {
        String broken = DEMO.replace("  price.*:     erp\n", "");
        assertThatThrownBy(() -> ContractLoader.load(broken, "selvedge.yml"))
                .hasMessageContaining("price.* without an owner");
    }

    @Test
    void refusesAnOwnerThatIsNotASystem() {
        String broken = DEMO.replace("product.*:   erp", "product.*:   plm");
        assertThatThrownBy(() -> ContractLoader.load(broken, "selvedge.yml"))
                .hasMessageContaining("line " + lineOf(broken, "plm"))
                .hasMessageContaining("unknown system 'plm'");
    }

    @Test
    void refusesABadTimeZoneAndBadYamlWithTheirLines() {
        String zone = DEMO.replace("timeZone: America/New_York", "timeZone: America/Gotham");
        assertThatThrownBy(() -> ContractLoader.load(zone, "selvedge.yml"))
                .hasMessageContaining("line " + lineOf(zone, "Gotham")).hasMessageContaining("not a time zone");
        assertThatThrownBy(() -> ContractLoader.load("systems: [unclosed\n", "selvedge.yml"))
                .isInstanceOf(ContractException.class).hasMessageContaining("selvedge.yml line");
    }

    @Test
    void refusesTwoSystemsWithOneKey() {
        String broken = DEMO.replace("key: dev-web-key", "key: dev-pos-key");
        assertThatThrownBy(() -> ContractLoader.load(broken, "selvedge.yml")).hasMessageContaining("same key");
    }

    @Test
    void theProdProfileRefusesDevelopmentKeys() {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        assertThatThrownBy(() -> new ContractConfiguration().contract("", prod))
                .hasMessageContaining("prod profile refuses development keys");
        assertThat(new ContractConfiguration().contract("", new MockEnvironment()).systems()).hasSize(6);
    }

    @Test
    void acceptsHashedKeysFromAFile() {
        String hashed = DEMO.replace("key: dev-ops-key", "keySha256: " + io.selvedge.shared.Hashing.sha256Hex("a-real-ops-key"));
        ApiKeys keys = new ApiKeys(ContractLoader.load(hashed, "selvedge.yml"));
        assertThat(keys.authenticate("a-real-ops-key").orElseThrow().name()).isEqualTo("ops");
        assertThat(ContractLoader.load(hashed, "x").systems().get("ops").developmentKey()).isFalse();
    }

    @Test
    void mapsAPosLogStoreIdToItsLocationByCodeOrAlias() {
        String aliased = DEMO.replace("STORE-SOHO: { name: SoHo,", "STORE-SOHO: { name: SoHo, posLogIds: [\"0300\", R-12],");
        Contract contract = ContractLoader.load(aliased, "selvedge.yml");
        assertThat(contract.locationByPosLogId("STORE-ABK").orElseThrow().code()).as("by default the location code itself").isEqualTo("STORE-ABK");
        assertThat(contract.locationByPosLogId("300").orElseThrow().code()).as("leading zeros do not matter").isEqualTo("STORE-SOHO");
        assertThat(contract.locationByPosLogId("R-12").orElseThrow().code()).isEqualTo("STORE-SOHO");
        assertThat(contract.locationByPosLogId("301")).isEmpty();
        assertThat(ContractLoader.load(DEMO, "demo").location("STORE-SOHO").orElseThrow().posLogIds()).isEmpty();
    }

    @Test
    void refusesAPosLogStoreIdThatNamesTwoLocations() {
        String twice = DEMO.replace("STORE-SOHO: { name: SoHo,", "STORE-SOHO: { name: SoHo, posLogIds: [\"100\"],")
                .replace("STORE-MEL:  { name: Melrose,", "STORE-MEL:  { name: Melrose, posLogIds: [\"0100\"],");
        assertThatThrownBy(() -> ContractLoader.load(twice, "selvedge.yml"))
                .hasMessageContaining("line " + lineOf(twice, "0100")).hasMessageContaining("already names location STORE-SOHO");
        String aCode = DEMO.replace("STORE-SOHO: { name: SoHo,", "STORE-SOHO: { name: SoHo, posLogIds: [STORE-ABK],");
        assertThatThrownBy(() -> ContractLoader.load(aCode, "selvedge.yml")).hasMessageContaining("already names location STORE-ABK");
    }

    @Test
    void readsTheShopifyShopAndMapsItsLocations() {
        Contract.Shopify shop = ContractLoader.load(DEMO, "demo").shopify();
        assertThat(shop.configured()).isTrue();
        assertThat(shop.webhookSecrets()).containsExactly("dev-shopify-secret");
        assertThat(shop.system()).isEqualTo("web");
        assertThat(shop.channel()).isEqualTo("web");
        assertThat(shop.location("24826418")).contains("WH1");
        assertThat(shop.shopifyLocationOf("WH1")).contains("24826418");
        assertThat(shop.location("1")).isEmpty();

        String rotated = DEMO.replace("webhookSecret: dev-shopify-secret", "webhookSecret: new-secret\n  previousWebhookSecret: old-secret");
        assertThat(ContractLoader.load(rotated, "demo").shopify().webhookSecrets()).containsExactly("new-secret", "old-secret");
        String none = DEMO.substring(0, DEMO.indexOf("shopify:")) + DEMO.substring(DEMO.indexOf("# Exactly one owner"));
        assertThat(ContractLoader.load(none, "demo").shopify().configured()).isFalse();
    }

    @Test
    void namesTheLineOfABadShopifySection() {
        assertThatThrownBy(() -> ContractLoader.load(DEMO.replace("  system: web\n  channel: web", "  system: pos\n  channel: web"), "s.yml"))
                .hasMessageContaining("s.yml line " + lineOf(DEMO, "  channel: web")).hasMessageContaining("is not a channel system 'pos' sells");
        assertThatThrownBy(() -> ContractLoader.load(DEMO.replace("  channel: web", "  channel: STORE-ABK"), "s.yml"))
                .hasMessageContaining("names no web or wholesale channel");
        assertThatThrownBy(() -> ContractLoader.load(DEMO.replace("\"24826418\": WH1", "\"24826418\": WH9"), "s.yml"))
                .hasMessageContaining("s.yml line " + lineOf(DEMO, "\"24826418\": WH1")).hasMessageContaining("unknown location 'WH9'");
        assertThatThrownBy(() -> ContractLoader.load(DEMO.replace("\"24826418\": WH1", "warehouse-one: WH1"), "s.yml"))
                .hasMessageContaining("must be keyed by a Shopify location id");
        assertThatThrownBy(() -> ContractLoader.load(DEMO.replace("webhookSecret: dev-shopify-secret", "webhookSecret: \"\""), "s.yml"))
                .hasMessageContaining("must not be empty");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not found");
    }
}
