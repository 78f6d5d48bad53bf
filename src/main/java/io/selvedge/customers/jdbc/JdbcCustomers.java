package io.selvedge.customers.jdbc;

import static io.selvedge.shared.SqlTimes.instant;
import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.customers.domain.Resolution.Known;
import io.selvedge.customers.domain.Survivorship.Candidate;
import io.selvedge.shared.Databases;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The customer tables. Writes run inside the caller's write transaction. Values passed here may be personal data:
 * nothing in this class logs or puts them in exception messages of its own.
 */
@Repository
public class JdbcCustomers {

    public enum Kind { EMAIL, PHONE }

    public record CustomerRow(String customerId, String status, String mergedInto, String survivorId, Instant createdAt,
                              String createdBy, Instant erasedAt) {

        public boolean merged() {
            return "MERGED".equals(status);
        }

        public boolean erased() {
            return erasedAt != null;
        }
    }

    public record SourceLink(String source, String sourceId, String customerId, Known survivor, String bodyHash,
                             String answerCustomerId, String answerMatchedBy) {
    }

    public record MergeRow(long mergeId, String survivorId, String mergedId, String evidence, Instant mergedAt, String mergedBy,
                           Instant unmergedAt, String unmergedBy) {
    }

    public record MergeField(String field, String chosenCustomerId, String rule) {
    }

    public record SourceIdRow(String source, String sourceId) {
    }

    private static final String CUSTOMER_COLUMNS =
            "customer_id, status, merged_into, survivor_id, created_at, created_by, erased_at FROM customer";

    /** A customer seen for the first time: its record's creator, matching keys, source id (or null) and field values. */
    public record NewCustomer(String customerId, String system, Map<Kind, String> keys, String source, String sourceId,
                              Map<String, String> fields) {
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    public JdbcCustomers(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * The survivors a submission's keys point to (its email and phone, by kind, and its source id) and each such
     * survivor's own field values, which the write compares with what was sent.
     */
    public record KeyOwners(Map<Kind, Known> identifiers, Optional<Known> source, Map<String, Map<String, Candidate>> fields) {

        /** No key known. */
        public static final KeyOwners NONE = new KeyOwners(Map.of(), Optional.empty(), Map.of());

        public boolean noneFound() {
            return identifiers.isEmpty() && source.isEmpty();
        }

        /** The field values of {@code customerId}, one of the survivors found, by field. */
        public Map<String, Candidate> fieldsOf(String customerId) {
            return fields.getOrDefault(customerId, Map.of());
        }
    }

    /** Each key's survivor joined to its field values: a row per (key, field), or one with null field when it has none. */
    public static final String KEY_OWNERS = """
            SELECT i.kind, s.customer_id, s.created_at, a.field, a.field_value, a.source, a.system_name, a.updated_at
            FROM customer_identifier i
            JOIN customer c ON c.customer_id = i.customer_id
            JOIN customer s ON s.customer_id = c.survivor_id
            LEFT JOIN customer_attribute a ON a.customer_id = s.customer_id
            WHERE (i.kind = 'EMAIL' AND i.norm_value = :email) OR (i.kind = 'PHONE' AND i.norm_value = :phone)
            UNION ALL
            SELECT 'SOURCE', s.customer_id, s.created_at, a.field, a.field_value, a.source, a.system_name, a.updated_at
            FROM customer_source_link l
            JOIN customer c ON c.customer_id = l.customer_id
            JOIN customer s ON s.customer_id = c.survivor_id
            LEFT JOIN customer_attribute a ON a.customer_id = s.customer_id
            WHERE l.source = :source AND l.source_id = :sourceId""";

    /**
     * The survivors the given keys point to and their field values, in one round trip of primary-key lookups: this
     * runs in every transaction that names a customer, and a returning customer who sent nothing new then costs no
     * other statement. Any key may be null.
     */
    public KeyOwners survivorsByKey(String email, String phone, String source, String sourceId) {
        Map<Kind, Known> found = new EnumMap<>(Kind.class);
        Known[] bySource = new Known[1];
        Map<String, Map<String, Candidate>> fields = new HashMap<>();
        if (email == null && phone == null && sourceId == null) {
            return new KeyOwners(found, Optional.empty(), fields);
        }
        jdbc.sql(KEY_OWNERS)
                .param("email", email == null ? "" : email).param("phone", phone == null ? "" : phone)
                .param("source", source == null ? "" : source).param("sourceId", sourceId == null ? "" : sourceId)
                .query(rs -> {
                    String kind = rs.getString(1);
                    String customerId = rs.getString(2);
                    Known known = new Known(customerId, instant(rs, 3));
                    if (kind.equals("SOURCE")) {
                        bySource[0] = known;
                    } else {
                        found.put(Kind.valueOf(kind), known);
                    }
                    String field = rs.getString(4);
                    if (field != null) {
                        fields.computeIfAbsent(customerId, id -> new HashMap<>()).put(field,
                                new Candidate(customerId, rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8)));
                    }
                });
        return new KeyOwners(found, Optional.ofNullable(bySource[0]), fields);
    }

    public Optional<SourceLink> sourceLink(String source, String sourceId) {
        return jdbc.sql("""
                SELECT l.source, l.source_id, l.customer_id, s.customer_id, s.created_at, l.body_hash, l.answer_customer_id,
                       l.answer_matched_by
                FROM customer_source_link l
                JOIN customer c ON c.customer_id = l.customer_id
                JOIN customer s ON s.customer_id = c.survivor_id
                WHERE l.source = ? AND l.source_id = ?""")
                .params(source, sourceId)
                .query((rs, n) -> new SourceLink(rs.getString(1), rs.getString(2), rs.getString(3),
                        new Known(rs.getString(4), instant(rs, 5)), rs.getString(6), rs.getString(7), rs.getString(8)))
                .optional();
    }

    /**
     * A new customer's rows: its record, keys, source link and field values. On PostgreSQL in one statement (one round
     * trip on the sale's write path; each insert a data-modifying CTE, and the foreign keys are checked at its end,
     * when the record is there); elsewhere one statement a table. A key another writer took first fails it whole.
     */
    public void insertNewCustomer(NewCustomer c, Instant at) {
        List<Insert> inserts = new ArrayList<>(4);
        inserts.add(new Insert("""
                INSERT INTO customer (customer_id, status, merged_into, survivor_id, created_at, created_by)
                VALUES (?, 'ACTIVE', NULL, ?, ?, ?)""", List.of(c.customerId(), c.customerId(), utc(at), c.system())));
        identifiers(c.keys(), c.customerId(), at).ifPresent(inserts::add);
        if (c.sourceId() != null) {
            inserts.add(sourceLink(c.source(), c.sourceId(), c.customerId(), at));
        }
        attributes(c.customerId(), c.fields(), c.source(), c.system(), at).ifPresent(inserts::add);
        if (!postgres()) {
            inserts.forEach(this::run);
            return;
        }
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        int last = inserts.size() - 1;
        for (int i = 0; i < last; i++) {
            sql.append(i == 0 ? "WITH " : ", ").append('w').append(i).append(" AS (").append(inserts.get(i).sql()).append(')');
            params.addAll(inserts.get(i).params());
        }
        sql.append(last == 0 ? "" : " ").append(inserts.get(last).sql());
        params.addAll(inserts.get(last).params());
        run(new Insert(sql.toString(), params));
    }

    /** A record's new matching keys, in one statement. */
    public void insertIdentifiers(Map<Kind, String> keys, String customerId, Instant at) {
        identifiers(keys, customerId, at).ifPresent(this::run);
    }

    public void insertSourceLink(String source, String sourceId, String customerId, Instant at) {
        run(sourceLink(source, sourceId, customerId, at));
    }

    private record Insert(String sql, List<Object> params) {
    }

    private void run(Insert insert) {
        jdbc.sql(insert.sql()).params(insert.params()).update();
    }

    private static Optional<Insert> identifiers(Map<Kind, String> keys, String customerId, Instant at) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        List<Object> params = new ArrayList<>(keys.size() * 4);
        keys.forEach((kind, value) -> params.addAll(List.of(kind.name(), value, customerId, utc(at))));
        return Optional.of(new Insert("INSERT INTO customer_identifier (kind, norm_value, customer_id, linked_at) VALUES "
                + rows(keys.size(), 4), params));
    }

    private static Insert sourceLink(String source, String sourceId, String customerId, Instant at) {
        return new Insert("INSERT INTO customer_source_link (source, source_id, customer_id, linked_at) VALUES (?, ?, ?, ?)",
                List.of(source, sourceId, customerId, utc(at)));
    }

    private boolean postgres() {
        return Databases.isPostgres(dataSource);
    }

    /** Remembers the body last accepted for a source id and its answer, so an identical repeat replays it. */
    public void rememberBody(String source, String sourceId, String bodyHash, String customerId, String matchedBy) {
        jdbc.sql("""
                UPDATE customer_source_link SET body_hash = ?, answer_customer_id = ?, answer_matched_by = ?
                WHERE source = ? AND source_id = ?""")
                .params(bodyHash, customerId, matchedBy, source, sourceId)
                .update();
    }

    public Optional<CustomerRow> customer(String customerId) {
        return jdbc.sql("SELECT " + CUSTOMER_COLUMNS + " WHERE customer_id = ?").param(customerId)
                .query(JdbcCustomers::customerRow).optional();
    }

    /** Every record of a merge group (the survivor and its aliases), oldest first. */
    public List<CustomerRow> group(String survivorId) {
        return jdbc.sql("SELECT " + CUSTOMER_COLUMNS + " WHERE survivor_id = ? ORDER BY created_at, customer_id")
                .param(survivorId).query(JdbcCustomers::customerRow).list();
    }

    public void setMergedInto(String customerId, String parentId) {
        jdbc.sql("UPDATE customer SET status = ?, merged_into = ? WHERE customer_id = ?")
                .params(parentId == null ? "ACTIVE" : "MERGED", parentId, customerId)
                .update();
    }

    public void setSurvivor(Collection<String> customerIds, String survivorId) {
        if (!customerIds.isEmpty()) {
            jdbc.sql("UPDATE customer SET survivor_id = :survivor WHERE customer_id IN (:ids)")
                    .param("survivor", survivorId).param("ids", customerIds)
                    .update();
        }
    }

    /** (field, value with provenance) for every field of every record in {@code customerIds}. */
    public List<Map.Entry<String, Candidate>> attributesOf(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT field, customer_id, field_value, source, system_name, updated_at
                FROM customer_attribute WHERE customer_id IN (:ids) ORDER BY field, customer_id""")
                .param("ids", customerIds)
                .query((rs, n) -> Map.entry(rs.getString(1),
                        new Candidate(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), instant(rs, 6))))
                .list();
    }

    /** Fields the record has no value for yet (the caller read its values in this write), in one statement. */
    public void insertAttributes(String customerId, Map<String, String> valuesByField, String source, String system, Instant at) {
        attributes(customerId, valuesByField, source, system, at).ifPresent(this::run);
    }

    private static Optional<Insert> attributes(String customerId, Map<String, String> valuesByField, String source, String system,
                                               Instant at) {
        if (valuesByField.isEmpty()) {
            return Optional.empty();
        }
        List<Object> params = new ArrayList<>(valuesByField.size() * 6);
        valuesByField.forEach((field, value) -> params.addAll(List.of(customerId, field, value, source, system, utc(at))));
        return Optional.of(new Insert("INSERT INTO customer_attribute (customer_id, field, field_value, source, system_name, updated_at) VALUES "
                + rows(valuesByField.size(), 6), params));
    }

    public void putAttribute(String customerId, String field, String value, String source, String system, Instant at) {
        int updated = jdbc.sql("""
                UPDATE customer_attribute SET field_value = ?, source = ?, system_name = ?, updated_at = ?
                WHERE customer_id = ? AND field = ?""")
                .params(value, source, system, utc(at), customerId, field)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO customer_attribute (customer_id, field, field_value, source, system_name, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(customerId, field, value, source, system, utc(at))
                    .update();
        }
    }

    public long insertMerge(String survivorId, String mergedId, String evidence, Instant at, String by) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO customer_merge (survivor_id, merged_id, evidence, merged_at, merged_by)
                VALUES (?, ?, ?, ?, ?)""")
                .params(survivorId, mergedId, evidence, utc(at), by)
                .update(keys, "merge_id");
        return keys.getKey().longValue();
    }

    public void insertMergeField(long mergeId, String field, String chosenCustomerId, String rule) {
        jdbc.sql("INSERT INTO customer_merge_field (merge_id, field, chosen_customer_id, rule) VALUES (?, ?, ?, ?)")
                .params(mergeId, field, chosenCustomerId, rule)
                .update();
    }

    /** The merges that touched a record, newest first. */
    public List<MergeRow> mergesOf(String mergedId) {
        return jdbc.sql("""
                SELECT merge_id, survivor_id, merged_id, evidence, merged_at, merged_by, unmerged_at, unmerged_by
                FROM customer_merge WHERE merged_id = ? ORDER BY merge_id DESC""")
                .param(mergedId).query(JdbcCustomers::mergeRow).list();
    }

    /** Every merge into or of the records in {@code customerIds}, oldest first. */
    public List<MergeRow> mergesAmong(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT merge_id, survivor_id, merged_id, evidence, merged_at, merged_by, unmerged_at, unmerged_by
                FROM customer_merge WHERE survivor_id IN (:ids) OR merged_id IN (:ids) ORDER BY merge_id""")
                .param("ids", customerIds).query(JdbcCustomers::mergeRow).list();
    }

    public List<MergeField> mergeFields(long mergeId) {
        return jdbc.sql("SELECT field, chosen_customer_id, rule FROM customer_merge_field WHERE merge_id = ? ORDER BY field")
                .param(mergeId).query((rs, n) -> new MergeField(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    public void markUnmerged(long mergeId, Instant at, String by) {
        jdbc.sql("UPDATE customer_merge SET unmerged_at = ?, unmerged_by = ? WHERE merge_id = ?")
                .params(utc(at), by, mergeId)
                .update();
    }

    /** (source, sourceId) pairs linked to the records in {@code customerIds}. */
    public List<SourceIdRow> sourceIds(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT source, source_id FROM customer_source_link WHERE customer_id IN (:ids) ORDER BY source, source_id")
                .param("ids", customerIds).query((rs, n) -> new SourceIdRow(rs.getString(1), rs.getString(2))).list();
    }

    /**
     * Removes every piece of personal data held for the records: field values, matching keys (so an erased email
     * or phone no longer finds them) and source links (with their body hashes). The records stay, ids only.
     */
    public void erase(Collection<String> customerIds, Instant at, String by, String root, String idsJson) {
        jdbc.sql("DELETE FROM customer_attribute WHERE customer_id IN (:ids)").param("ids", customerIds).update();
        jdbc.sql("DELETE FROM customer_identifier WHERE customer_id IN (:ids)").param("ids", customerIds).update();
        jdbc.sql("DELETE FROM customer_source_link WHERE customer_id IN (:ids)").param("ids", customerIds).update();
        jdbc.sql("UPDATE customer SET erased_at = :at WHERE customer_id IN (:ids)")
                .param("at", utc(at)).param("ids", customerIds).update();
        jdbc.sql("INSERT INTO customer_erasure (customer_id, erased_ids, erased_at, erased_by) VALUES (?, ?, ?, ?)")
                .params(root, idsJson, utc(at), by)
                .update();
    }

    /** "(?, ?), (?, ?)" for a multi-row VALUES list. */
    private static String rows(int rows, int columns) {
        String row = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
        return String.join(", ", java.util.Collections.nCopies(rows, row));
    }

    private static CustomerRow customerRow(ResultSet rs, int n) throws SQLException {
        return new CustomerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5),
                rs.getString(6), instant(rs, 7));
    }

    private static MergeRow mergeRow(ResultSet rs, int n) throws SQLException {
        return new MergeRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5), rs.getString(6),
                instant(rs, 7), rs.getString(8));
    }
}
