package io.selvedge.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.sql.DataSource;

/**
 * Which database a connection or data source speaks to, for the few statements that are written differently on
 * PostgreSQL (the production database) and elsewhere (H2, the embedded default). Asked once per data source.
 */
public final class Databases {

    private static final Map<DataSource, Boolean> POSTGRES = Collections.synchronizedMap(new WeakHashMap<>());

    private Databases() {
    }

    public static boolean isPostgres(Connection connection) throws SQLException {
        return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
    }

    /** False when it cannot tell (the portable way is then taken), and asks again next time. */
    public static boolean isPostgres(DataSource dataSource) {
        Boolean known = POSTGRES.get(dataSource);
        if (known != null) {
            return known;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = isPostgres(c);
            POSTGRES.put(dataSource, postgres);
            return postgres;
        } catch (SQLException e) {
            return false;
        }
    }
}
