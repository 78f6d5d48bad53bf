package io.selvedge.testing;

import io.selvedge.SelvedgeApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * Base of every {@code *IntegrationTest}: the whole hub on a random port over real HTTP, on a database
 * of its own (PostgreSQL or H2, see {@link TestDatabase}). Subclasses share one context, so tests use
 * ids of their own ({@link #unique(String)}) rather than a clean database.
 */
@SpringBootTest(classes = SelvedgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class IntegrationTest {

    public static final String ERP = "dev-erp-key";
    public static final String POS = "dev-pos-key";
    public static final String WEB = "dev-web-key";
    public static final String WHOLESALE = "dev-wholesale-key";
    public static final String FINANCE = "dev-finance-key";
    public static final String OPS = "dev-ops-key";

    private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

    @LocalServerPort
    protected int port;

    protected Api api(String key) {
        return new Api("http://127.0.0.1:" + port, key);
    }

    protected Api anonymous() {
        return new Api("http://127.0.0.1:" + port, null);
    }

    /**
     * The row of a JSON list at {@code path} (read with the ops key, which must answer 200) whose {@code idField} is
     * {@code id}, or null when it is not listed.
     */
    protected tools.jackson.databind.JsonNode listedRow(String path, String idField, String id) {
        var response = api(OPS).get(path);
        org.assertj.core.api.Assertions.assertThat(response.status()).as(response.body()).isEqualTo(200);
        for (tools.jackson.databind.JsonNode row : response.json()) {
            if (row.get(idField).asString().equals(id)) {
                return row;
            }
        }
        return null;
    }

    /** An id no other test in this run uses, e.g. unique("OVS") = "OVS-17-4821". */
    protected static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + (System.nanoTime() % 100000);
    }
}
