package io.selvedge.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.contract.ContractLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowRoutesTest {

    private static final FlowRoutes ROUTES = new FlowRoutes(ContractLoader.load(demo(), "demo"));

    private static String demo() {
        try (var in = FlowRoutesTest.class.getResourceAsStream("/selvedge-demo.yml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void expectsARowPerStoreForStoreFlowsAndOnePerChannelSystem() {
        List<String> rows = ROUTES.expected().stream().map(FlowKey::toString).toList();
        assertThat(rows).containsExactly(
                "catalog/erp/*",
                "availability/hub/*", "availability/hub/STORE-ABK", "availability/hub/STORE-MEL", "availability/hub/STORE-SOHO",
                "availability/hub/WH1",
                "sales/pos/*", "sales/pos/STORE-ABK", "sales/pos/STORE-MEL", "sales/pos/STORE-SOHO", "sales/web/*", "sales/wholesale/*",
                "customers/hub/*",
                "settlement/pos/*", "settlement/pos/STORE-ABK", "settlement/pos/STORE-MEL", "settlement/pos/STORE-SOHO");
    }

    @Test
    void routesStoreSalesToTheStoreAndChannelOrdersToTheChannelsSystem() {
        var sale = ROUTES.route(new FlowRoutes.Seen("order.created", "STORE-ABK", "STORE-ABK", "STORE-ABK")).orElseThrow();
        assertThat(sale.key()).isEqualTo(new FlowKey("sales", "pos", "STORE-ABK"));
        assertThat(sale.carriesSourceTime()).isTrue();
        var web = ROUTES.route(new FlowRoutes.Seen("order.created", "WH1", null, "web")).orElseThrow();
        assertThat(web.key()).isEqualTo(FlowKey.of("sales", "web"));
    }

    @Test
    void onlySalesCarryTheirSourcesTime() {
        var availability = ROUTES.route(new FlowRoutes.Seen("availability.changed", "WH1", null, null)).orElseThrow();
        assertThat(availability.key()).isEqualTo(new FlowKey("availability", "hub", "WH1"));
        assertThat(availability.carriesSourceTime()).as("a count's time may be days back by design").isFalse();
        assertThat(ROUTES.route(new FlowRoutes.Seen("price.changed", null, null, null)).orElseThrow().key())
                .isEqualTo(FlowKey.of("catalog", "erp"));
        assertThat(ROUTES.route(new FlowRoutes.Seen("settlement.closed", "STORE-MEL", null, null)).orElseThrow().key())
                .isEqualTo(new FlowKey("settlement", "pos", "STORE-MEL"));
        assertThat(ROUTES.route(new FlowRoutes.Seen("monitoring.alert", "STORE-MEL", null, null))).isEmpty();
    }
}
