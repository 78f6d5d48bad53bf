package io.selvedge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reservation janitor run by several instances at once (a takeover overlapping the old holder's last run): each
 * sweep is a transaction of its own, as on separate instances, and a reservation is still released once.
 */
class ExpiryRaceIntegrationTest extends IntegrationTest {

    @Autowired
    StockHolds holds;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void sweepsRacingOnOneDueReservationReleaseItOnce() throws Exception {
        String style = unique("EXR");
        String sku = Fixtures.sku(style, "M");
        api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RC"), "RECEIPT", "WH1", sku, 10));
        String cart = unique("CART");
        assertThat(api(WEB).post("/api/v1/inventory/reservations", Map.of("reservationId", cart, "channel", "web", "ttlSeconds", 1,
                "lines", List.of(Map.of("sku", sku, "quantity", 3)))).status()).isEqualTo(201);
        Thread.sleep(1_050);

        int racers = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Integer> expired = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    expired.add(new TransactionTemplate(transactions).execute(status -> holds.expireDue(50)));
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        long voids = jdbc.sql("SELECT COUNT(*) FROM stock_movement WHERE hold_ref = ? AND kind = 'HOLD_VOID'")
                .param("reservation:" + cart).query(Long.class).single();
        assertThat(voids).isEqualTo(1);
        assertThat(jdbc.sql("SELECT available FROM stock_availability WHERE location = 'WH1' AND sku = ?").param(sku)
                .query(Long.class).single()).isEqualTo(10);
    }
}
