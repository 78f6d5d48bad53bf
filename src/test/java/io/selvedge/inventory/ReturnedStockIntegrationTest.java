package io.selvedge.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.selvedge.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A customer return through the {@link StockLedger} facade: back on the shelf or into damaged, once, and reversed once. */
class ReturnedStockIntegrationTest extends InventoryApiTest {

    private static final Instant AT = Instant.parse("2026-11-28T22:01:10Z");

    private final StockLedger ledger;
    private final JdbcClient jdbc;

    @Autowired
    ReturnedStockIntegrationTest(StockLedger ledger, JdbcClient jdbc) {
        this.ledger = ledger;
        this.jdbc = jdbc;
    }

    @Test
    void aReturnComesBackFromTheCustomerIntoOnHandOrDamagedOnce() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-ABK", sku, 3);
        ledger.sell(unique("SALE"), "STORE-ABK", List.of(new StockLine(sku, 3)), AT, false);
        String movement = unique("RETURN");
        List<ReturnedStock> lines = List.of(new ReturnedStock(sku, 2, false, false), new ReturnedStock(sku, 1, true, false));

        StockEffect effect = ledger.takeBack(movement, "STORE-MEL", lines, AT);
        StockEffect replay = ledger.takeBack(movement, "STORE-MEL", lines, AT);

        assertThat(replay).isEqualTo(effect);
        assertThat(effect.sequence()).isEqualTo(row("STORE-MEL", sku).get("sequence").asLong());
        assertThat(onHand("STORE-MEL", sku)).isEqualTo(2);
        assertThat(onHand("STORE-ABK", sku)).isZero();
        assertThat(balance("damaged", sku)).isEqualTo(1);
        assertThat(balance("customer", sku)).isZero();

        ledger.reverseTakeBack(unique("VOID"), movement, AT);
        ledger.reverseTakeBack(unique("VOID"), movement, AT);
        assertThat(onHand("STORE-MEL", sku)).as("a return is reversed once").isZero();
        assertThat(balance("damaged", sku)).isZero();
        assertThat(balance("customer", sku)).isEqualTo(3);
    }

    @Test
    void anEmployeePurchaseComesBackFromTheEmployeeAccount() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-ABK", sku, 1);
        ledger.sell(unique("SALE"), "STORE-ABK", List.of(new StockLine(sku, 1)), AT, true);
        ledger.takeBack(unique("RETURN"), "STORE-ABK", List.of(new ReturnedStock(sku, 1, false, true)), AT);
        assertThat(balance("employee", sku)).isZero();
        assertThat(onHand("STORE-ABK", sku)).isEqualTo(1);
        assertThatThrownBy(() -> ledger.reverseTakeBack(unique("VOID"), unique("NOT-A-RETURN"), AT)).isInstanceOf(IllegalArgumentException.class);
    }

    private long balance(String account, String sku) {
        return jdbc.sql("SELECT COALESCE(SUM(posted), 0) FROM stock_balance WHERE account = ? AND sku = ?").params(account, sku)
                .query(Long.class).single();
    }
}
