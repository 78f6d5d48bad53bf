package io.selvedge.sales;

import static io.selvedge.sales.SalesFixtures.card;
import static io.selvedge.sales.SalesFixtures.list;
import static io.selvedge.sales.SalesFixtures.refund;
import static io.selvedge.sales.SalesFixtures.returnOf;
import static io.selvedge.sales.SalesFixtures.sale;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.SelvedgeApplication;
import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two hub instances on one database (DESIGN, deployment shapes: production): each has its own group-commit writer, so
 * only the database can keep two registers from returning the same unit twice, and a janitor posts a return parked
 * on one instance while the other recorded its sale.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "selvedge.sales.parked-sweep-interval=300ms")
class ReturnsAcrossInstancesIntegrationTest extends IntegrationTest {

    private static final String TX = "/api/v1/pos/transactions";

    private final Environment environment;
    private final JdbcClient jdbc;
    private ConfigurableApplicationContext other;

    @Autowired
    ReturnsAcrossInstancesIntegrationTest(Environment environment, JdbcClient jdbc) {
        this.environment = environment;
        this.jdbc = jdbc;
    }

    @BeforeAll
    void secondInstanceOnTheSameDatabase() {
        String url = environment.getProperty("spring.datasource.url");
        // as command-line arguments: they outrank application.yml, which would otherwise point it at ./data
        other = new SpringApplicationBuilder(SelvedgeApplication.class)
                .run("--server.port=0", "--selvedge.db.url=" + url, "--spring.datasource.url=" + url,
                        "--selvedge.sales.parked-sweep-interval=300ms");
        assertThat(other.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(url);
    }

    @AfterAll
    void stopIt() {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void twoInstancesReturningTheSameUnitAtOnceOnlyOneWins() throws Exception {
        String style = unique("XIN");
        String sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        Api here = api(POS);
        Api there = new Api("http://127.0.0.1:" + other.getEnvironment().getProperty("local.server.port"), POS);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 12; round++) {
                String saleId = unique("ABK-R1");
                String ref = unique("PAY");
                assertThat(here.post(TX, sale(saleId, sku, 1, ref)).status()).isEqualTo(201);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> attempts = new ArrayList<>();
                for (int register = 0; register < 6; register++) {
                    Api instance = register % 2 == 0 ? here : there;
                    Map<String, Object> body = returnOf(unique("ABK-R" + register), saleId, 1, sku, 1, list(card(refund(1), ref)));
                    Callable<Integer> post = () -> {
                        go.await();
                        return instance.post(TX, body).status();
                    };
                    attempts.add(pool.submit(post));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> attempt : attempts) {
                    statuses.add(attempt.get());
                }
                assertThat(statuses).as("round %d: %s", round, statuses).filteredOn(s -> s == 201).hasSize(1);
                assertThat(statuses).as("round %d: %s", round, statuses).filteredOn(s -> s == 409).hasSize(5);
            }
            long returned = jdbc.sql("SELECT COALESCE(SUM(posted), 0) FROM stock_balance WHERE account = 'on_hand@STORE-ABK' AND sku = ?")
                    .param(sku).query(Long.class).single();
            assertThat(returned).as("12 sold, 12 returned").isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReturnParkedWhileAnotherInstanceRecordedItsSaleIsPostedByTheJanitor() throws Exception {
        String style = unique("XIN");
        String sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        String returnId = unique("ABK-R2");
        assertThat(api(POS).post(TX, returnOf(returnId, saleId, 1, sku, 1, list(card(refund(1), ref)))).status()).isEqualTo(202);

        // the race, replayed: the sale's write does not see the parked row (another instance had not committed it yet)
        jdbc.sql("UPDATE parked_work SET status = 'RACING' WHERE kind = 'RETURN' AND work_id = ?").param(returnId).update();
        assertThat(api(POS).post(TX, sale(saleId, sku, 1, ref)).status()).isEqualTo(201);
        jdbc.sql("UPDATE parked_work SET status = 'PARKED' WHERE kind = 'RETURN' AND work_id = ?").param(returnId).update();

        String status = "PARKED";
        for (int i = 0; i < 50 && status.equals("PARKED"); i++) {
            Thread.sleep(100);
            status = jdbc.sql("SELECT status FROM parked_work WHERE kind = 'RETURN' AND work_id = ?").param(returnId).query(String.class).single();
        }
        assertThat(status).isEqualTo("APPLIED");
        JsonNode line = api(POS).get("/api/v1/returns/returnable?orderRef=" + saleId).json().get("lines").get(0);
        assertThat(line.get("returned").asLong()).isEqualTo(1);
    }
}
