package io.selvedge.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads a hub's schema wholesale: every text column of every table (for card numbers and request ids), and a
 * fingerprint of the business tables (row counts and ledger sums) to tell whether a refused request wrote anything.
 */
final class DatabaseScan {

    /** Tables a refusal or a background job may rightly change: monitoring, conflicts kept for audit, delivery state. */
    private static final Set<String> NOT_BUSINESS = Set.of("flyway_schema_history", "monitoring_flow_status", "monitoring_cursor",
            "idempotency_conflict", "event_subscription", "event_dead_letter", "outbox_event");

    private final JdbcClient jdbc;
    private final String schema;
    private final Map<String, List<String>> textColumns = new LinkedHashMap<>();

    DatabaseScan(JdbcClient jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
        jdbc.sql("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = ? AND data_type IN ('text', 'character varying', 'character')
                ORDER BY table_name, ordinal_position""").param(schema)
                .query(rs -> {
                    textColumns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
                });
    }

    /** Each row's text columns joined, per table: the whole readable content of the schema. */
    Map<String, List<String>> texts() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        textColumns.forEach((table, columns) -> out.put(table, jdbc.sql("SELECT " + joined(columns) + " FROM " + table)
                .query(String.class).list()));
        return out;
    }

    /** The tables whose text holds {@code literal} (separators ignored when {@code digitsOnly}), business tables only or all. */
    List<String> tablesContaining(String literal, boolean digitsOnly, boolean businessOnly) {
        List<String> selects = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        textColumns.forEach((table, columns) -> {
            if (businessOnly && NOT_BUSINESS.contains(table)) {
                return;
            }
            String text = digitsOnly ? "regexp_replace(" + joined(columns) + ", '[ .-]', '', 'g')" : joined(columns);
            selects.add("(SELECT '" + table + "' FROM " + table + " WHERE strpos(" + text + ", ?) > 0 LIMIT 1)");
            params.add(literal);
        });
        if (businessOnly) {
            // the outbox minus what monitoring writes about refusals (contract violations, alerts)
            selects.add("(SELECT 'outbox_event' FROM outbox_event WHERE type NOT IN ('contract.violation', 'monitoring.alert') "
                    + "AND strpos(event_key || ' ' || data, ?) > 0 LIMIT 1)");
            params.add(literal);
        }
        return jdbc.sql(String.join(" UNION ALL ", selects)).params(params).query(String.class).list();
    }

    /** Row counts of the business tables and the ledger's sums: equal before and after a refused request. */
    Map<String, Long> fingerprint() {
        List<String> tables = textColumns.keySet().stream().filter(t -> !NOT_BUSINESS.contains(t)).toList();
        String counts = tables.stream().map(t -> "(SELECT COUNT(*) FROM " + t + ") AS " + t).collect(Collectors.joining(", "));
        String sql = "SELECT " + counts
                + ", (SELECT COALESCE(SUM(ABS(posted) + pending_out + pending_in), 0) FROM stock_balance) AS ledger_units"
                + ", (SELECT COALESCE(MAX(seq), 0) FROM stock_availability) AS availability_seq"
                + ", (SELECT COUNT(*) FROM outbox_event WHERE type NOT IN ('contract.violation', 'monitoring.alert')) AS business_events";
        Map<String, Object> row = jdbc.sql(sql).query().singleRow();
        Map<String, Long> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, ((Number) v).longValue()));
        return out;
    }

    String schema() {
        return schema;
    }

    private static String joined(List<String> columns) {
        return "concat_ws('|', " + columns.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", ")) + ")";
    }
}
