package io.selvedge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;

class ContractPriceListsTest {

    private static final String DEMO = ContractConfiguration.readDemo();
    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final String LISTS = """
            priceLists:
              retail-usd:    { currency: USD, channels: ["*"] }
              wholesale-usd: { currency: USD, channels: [wholesale] }
            """;

    @Test
    void eachChannelSellsFromTheListNamingItElseTheOneForEveryChannel() {
        Contract contract = ContractLoader.load(DEMO, "demo");
        assertThat(contract.priceListFor("STORE-ABK", USD)).as("a store is a channel of its own").contains("retail-usd");
        assertThat(contract.priceListFor("web", USD)).contains("retail-usd");
        assertThat(contract.priceListFor("wholesale", USD)).contains("wholesale-usd");
        assertThat(contract.priceListFor("web", EUR)).as("no list sells in EUR").isEmpty();
        assertThat(contract.knowsPriceList("wholesale-usd")).isTrue();
        assertThat(contract.knowsPriceList("retail-eur")).isFalse();
        assertThat(contract.priceList("wholesale-usd").orElseThrow().currency()).isEqualTo(USD);
    }

    @Test
    void aContractWithoutPriceListsSellsFromRetailInTheSaleCurrencyAndKnowsAnyList() {
        Contract contract = ContractLoader.load(DEMO.replace(LISTS, ""), "demo");
        assertThat(contract.priceLists()).isEmpty();
        assertThat(contract.priceListFor("wholesale", EUR)).contains("retail-eur");
        assertThat(contract.knowsPriceList("anything")).isTrue();
    }

    @Test
    void namesTheLineOfAnUnknownChannel() {
        String broken = DEMO.replace("channels: [wholesale] }", "channels: [outlet] }");
        assertThatThrownBy(() -> ContractLoader.load(broken, "selvedge.yml"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("selvedge.yml line " + lineOf(broken, "[outlet]"))
                .hasMessageContaining("unknown channel 'outlet'");
    }

    @Test
    void namesTheLineOfABadCurrency() {
        String broken = DEMO.replace("wholesale-usd: { currency: USD", "wholesale-usd: { currency: DOLLARS");
        assertThatThrownBy(() -> ContractLoader.load(broken, "selvedge.yml"))
                .hasMessageContaining("selvedge.yml line " + lineOf(broken, "DOLLARS"))
                .hasMessageContaining("priceLists.wholesale-usd.currency is not an ISO 4217 currency code");
    }

    @Test
    void refusesTwoListsOfOneCurrencyForTheSameChannel() {
        String twice = DEMO.replace(LISTS, LISTS + "  outlet-usd:    { currency: USD, channels: [STORE-MEL, wholesale] }\n");
        assertThatThrownBy(() -> ContractLoader.load(twice, "selvedge.yml"))
                .hasMessageContaining("selvedge.yml line " + lineOf(twice, "outlet-usd"))
                .hasMessageContaining("'wholesale' already sells from price list wholesale-usd in USD");
        String twoDefaults = DEMO.replace(LISTS, LISTS + "  outlet-usd:    { currency: USD, channels: [\"*\"] }\n");
        assertThatThrownBy(() -> ContractLoader.load(twoDefaults, "selvedge.yml"))
                .hasMessageContaining("'*' already sells from price list retail-usd");
        String otherCurrency = DEMO.replace(LISTS, LISTS + "  retail-eur:    { currency: EUR, channels: [\"*\"] }\n");
        assertThat(ContractLoader.load(otherCurrency, "selvedge.yml").priceListFor("STORE-MEL", EUR)).contains("retail-eur");
    }

    @Test
    void refusesAListWithoutChannels() {
        String broken = DEMO.replace("wholesale-usd: { currency: USD, channels: [wholesale] }", "wholesale-usd: { currency: USD }");
        assertThatThrownBy(() -> ContractLoader.load(broken, "selvedge.yml"))
                .hasMessageContaining("selvedge.yml line " + lineOf(broken, "wholesale-usd:"))
                .hasMessageContaining("is missing 'channels'");
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
