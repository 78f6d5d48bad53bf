package io.selvedge.faults;

import io.selvedge.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh schema for one child hub, on the shared test PostgreSQL (or on a private server), and a JDBC reader of it
 * for the checker. Fault tests run on PostgreSQL only: killing a process that holds an in-memory H2 proves nothing.
 */
final class Schema implements AutoCloseable {

    private final String server;
    private final String name;
    private final JdbcClient jdbc;

    private Schema(String server, String name) {
        this.server = server;
        this.name = name;
        DriverManagerDataSource source = new DriverManagerDataSource(url());
        this.jdbc = JdbcClient.create(source);
    }

    /** A new schema on the shared test server ({@code -Dselvedge.test.pg}, default 127.0.0.1:5432/test). */
    static Schema fresh(String prefix) {
        return fresh(TestDatabase.POSTGRES, prefix);
    }

    static Schema fresh(String server, String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(server)) {
            c.createStatement().execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + server + ": " + e.getMessage(), e);
        }
        return new Schema(server, name);
    }

    String name() {
        return name;
    }

    /** The URL the hub and the checker use: the server, with this schema as the search path. */
    String url() {
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(server)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException ignored) {
            // best effort: a leftover schema only costs disk
        }
    }
}
