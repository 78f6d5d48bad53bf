package io.selvedge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each Spring test context a database of its own: a fresh schema in the real PostgreSQL
 * ({@code -Dselvedge.test.db=postgres}, the default) or a fresh in-memory H2 ({@code h2}), so suites
 * and parallel runs never see each other's rows.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String POSTGRES = System.getProperty("selvedge.test.pg",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    public static String kind() {
        return System.getProperty("selvedge.test.db", "postgres");
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = kind().equals("h2")
                ? "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"
                : postgresSchema(name);
        // the suite keeps many contexts cached at once: each keeps one idle connection, not a full pool, so
        // together they stay well inside PostgreSQL's 100 connections
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("selvedge-test-db",
                Map.of("selvedge.db.url", url, "spring.datasource.url", url,
                        "spring.datasource.hikari.minimum-idle", "1", "spring.datasource.hikari.idle-timeout", "10000")));
    }

    private static String postgresSchema(String schema) {
        try (Connection c = DriverManager.getConnection(POSTGRES)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + POSTGRES
                    + " (start it, or run with -Dselvedge.test.db=h2): " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(POSTGRES)) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException ignored) {
                // best effort: a leftover schema only costs disk
            }
        }));
        return POSTGRES + "&currentSchema=" + schema;
    }
}
