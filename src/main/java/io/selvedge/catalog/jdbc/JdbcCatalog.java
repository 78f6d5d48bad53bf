package io.selvedge.catalog.jdbc;

import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.catalog.PublishStyle;
import io.selvedge.catalog.VariantSummary;
import io.selvedge.shared.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The catalogue's tables. Writes run inside the caller's write transaction. */
@Repository
public class JdbcCatalog {

    private static final String VARIANT_COLUMNS = """
            v.sku, v.gtin, v.style_code, v.colour, v.size, s.category, s.tax_class, v.status, v.revision
            FROM variant v JOIN style s ON s.style_code = v.style_code""";

    /** Most values bound in one IN list, well under any driver's limit on parameters. */
    private static final int IN_SLICE = 2000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcCatalog(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public Optional<String> styleBodyHash(String styleCode) {
        return jdbc.sql("SELECT body_hash FROM style WHERE style_code = ?").param(styleCode).query(String.class).optional();
    }

    public Optional<Long> styleRevision(String styleCode) {
        return jdbc.sql("SELECT revision FROM style WHERE style_code = ?").param(styleCode).query(Long.class).optional();
    }

    // --- a publish of many styles at once: a few set-based reads, then one JDBC batch per table ---

    /** The stored body hash of each of these styles that exists. */
    public Map<String, String> styleBodyHashes(Collection<String> styleCodes) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (List<String> slice : slices(styleCodes)) {
            jdbc.sql("SELECT style_code, body_hash FROM style WHERE style_code IN (:codes)").param("codes", slice)
                    .query(rs -> {
                        hashes.put(rs.getString(1), rs.getString(2));
                    });
        }
        return hashes;
    }

    /** The style of each of these SKUs that exists. */
    public Map<String, String> stylesOfSkus(Collection<String> skus) {
        Map<String, String> owners = new HashMap<>();
        for (List<String> slice : slices(skus)) {
            jdbc.sql("SELECT sku, style_code FROM variant WHERE sku IN (:skus)").param("skus", slice)
                    .query(rs -> {
                        owners.put(rs.getString(1), rs.getString(2));
                    });
        }
        return owners;
    }

    /** The SKU holding each of these GTIN-14s that is taken. */
    public Map<String, String> skusOfGtins(Collection<String> gtin14s) {
        Map<String, String> holders = new HashMap<>();
        for (List<String> slice : slices(gtin14s)) {
            jdbc.sql("SELECT gtin14, sku FROM variant WHERE gtin14 IN (:gtins)").param("gtins", slice)
                    .query(rs -> {
                        holders.put(rs.getString(1), rs.getString(2));
                    });
        }
        return holders;
    }

    /** A variant as stored, as a publish compares it; also what a publish writes ({@code gtin14} null without a GTIN). */
    public record VariantRow(String sku, String styleCode, String gtin14, String gtin, String colour, String size, boolean active) {
    }

    /** Every variant of these styles, active or not, by style. */
    public Map<String, List<VariantRow>> variantsOfStyles(Collection<String> styleCodes) {
        Map<String, List<VariantRow>> byStyle = new HashMap<>();
        for (List<String> slice : slices(styleCodes)) {
            jdbc.sql("SELECT sku, style_code, gtin14, gtin, colour, size, status FROM variant WHERE style_code IN (:codes)")
                    .param("codes", slice)
                    .query(rs -> {
                        byStyle.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new VariantRow(rs.getString(1),
                                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                "ACTIVE".equals(rs.getString(7))));
                    });
        }
        return byStyle;
    }

    /** The latest price row of a (style, sku, list, effectiveFrom): a re-publish of the same price adds no row. */
    public record LatestPrice(String currency, long amountMinor, Instant effectiveTo) {
    }

    /** The latest row of every (style, sku, list, effectiveFrom) of these styles, by {@link #priceKey}. */
    public Map<String, LatestPrice> latestPrices(Collection<String> styleCodes) {
        Map<String, LatestPrice> latest = new HashMap<>();
        for (List<String> slice : slices(styleCodes)) {
            jdbc.sql("""
                    SELECT style_code, sku, price_list, effective_from, currency, amount_minor, effective_to FROM price
                    WHERE style_code IN (:codes) ORDER BY id""").param("codes", slice)
                    .query(rs -> {
                        OffsetDateTime to = rs.getObject(7, OffsetDateTime.class);
                        latest.put(priceKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()),
                                new LatestPrice(rs.getString(5).trim(), rs.getLong(6), to == null ? null : to.toInstant()));
                    });
        }
        return latest;
    }

    public static String priceKey(String styleCode, String sku, String priceList, Instant effectiveFrom) {
        return styleCode + "|" + (sku == null ? "" : sku) + "|" + priceList + "|" + effectiveFrom;
    }

    /** A style row to write: its publish, and its colours and size run as JSON. */
    public record StyleRow(PublishStyle style, String coloursJson, String sizesJson) {
    }

    public void insertStyles(List<StyleRow> rows, long revision) {
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    INSERT INTO style (style_code, name, season, category, tax_class, colours, sizes, body_hash, revision)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    rows.stream().map(r -> new Object[] {r.style().styleCode(), r.style().name(), r.style().season(), r.style().category(),
                            r.style().taxClass(), r.coloursJson(), r.sizesJson(), r.style().bodyHash(), revision}).toList(),
                    new int[] {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                            Types.VARCHAR, Types.BIGINT});
        }
    }

    public void updateStyles(List<StyleRow> rows, long revision) {
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    UPDATE style SET name = ?, season = ?, category = ?, tax_class = ?, colours = ?, sizes = ?, body_hash = ?, revision = ?
                    WHERE style_code = ?""",
                    rows.stream().map(r -> new Object[] {r.style().name(), r.style().season(), r.style().category(), r.style().taxClass(),
                            r.coloursJson(), r.sizesJson(), r.style().bodyHash(), revision, r.style().styleCode()}).toList(),
                    new int[] {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                            Types.BIGINT, Types.VARCHAR});
        }
    }

    public void insertVariants(List<VariantRow> rows, long revision) {
        if (!rows.isEmpty()) {
            batch.batchUpdate("INSERT INTO variant (sku, style_code, gtin14, gtin, colour, size, status, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.stream().map(v -> new Object[] {v.sku(), v.styleCode(), v.gtin14(), v.gtin(), v.colour(), v.size(),
                            v.active() ? "ACTIVE" : "DISCONTINUED", revision}).toList(),
                    new int[] {Types.VARCHAR, Types.VARCHAR, Types.CHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BIGINT});
        }
    }

    /** Rewrites changed variants (discontinued ones included); a variant never moves to another style. */
    public void updateVariants(List<VariantRow> rows, long revision) {
        if (!rows.isEmpty()) {
            batch.batchUpdate("UPDATE variant SET gtin14 = ?, gtin = ?, colour = ?, size = ?, status = ?, revision = ? WHERE sku = ?",
                    rows.stream().map(v -> new Object[] {v.gtin14(), v.gtin(), v.colour(), v.size(), v.active() ? "ACTIVE" : "DISCONTINUED",
                            revision, v.sku()}).toList(),
                    new int[] {Types.CHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.VARCHAR});
        }
    }

    /** A price row to write: the style's ({@code sku} null) or a variant's own. */
    public record NewPrice(String styleCode, String sku, PublishStyle.Price price) {
    }

    public void insertPrices(List<NewPrice> rows, long revision) {
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    INSERT INTO price (style_code, sku, price_list, currency, amount_minor, effective_from, effective_to, revision)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    rows.stream().map(p -> new Object[] {p.styleCode(), p.sku(), p.price().priceList(),
                            p.price().amount().currency().getCurrencyCode(), p.price().amount().minor(), utc(p.price().effectiveFrom()),
                            p.price().effectiveTo() == null ? null : utc(p.price().effectiveTo()), revision}).toList(),
                    new int[] {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.CHAR, Types.BIGINT, Types.TIMESTAMP_WITH_TIMEZONE,
                            Types.TIMESTAMP_WITH_TIMEZONE, Types.BIGINT});
        }
    }

    private static <T> List<List<T>> slices(Collection<T> values) {
        List<T> all = List.copyOf(values);
        List<List<T>> slices = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_SLICE) {
            slices.add(all.subList(from, Math.min(all.size(), from + IN_SLICE)));
        }
        return slices;
    }

    public long nextRevision(Instant at, String by, String description) {
        long revision = jdbc.sql("SELECT COALESCE(MAX(revision), 0) + 1 FROM catalog_revision").query(Long.class).single();
        jdbc.sql("INSERT INTO catalog_revision (revision, published_at, published_by, description) VALUES (?, ?, ?, ?)")
                .params(revision, utc(at), by, description).update();
        return revision;
    }

    public Optional<VariantSummary> variant(String sku) {
        return jdbc.sql("SELECT " + VARIANT_COLUMNS + " WHERE v.sku = ?").param(sku).query(JdbcCatalog::summary).optional();
    }

    public Map<String, VariantSummary> variants(Collection<String> skus) {
        Map<String, VariantSummary> found = new LinkedHashMap<>();
        if (skus.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT " + VARIANT_COLUMNS + " WHERE v.sku IN (:skus)").param("skus", skus)
                .query(JdbcCatalog::summary).list().forEach(v -> found.put(v.sku(), v));
        return found;
    }

    public Optional<String> skuForGtin14(String gtin14) {
        return jdbc.sql("SELECT sku FROM variant WHERE gtin14 = ?").param(gtin14).query(String.class).optional();
    }

    public Optional<Map<String, Object>> style(String styleCode) {
        return jdbc.sql("SELECT style_code, name, season, category, tax_class, revision FROM style WHERE style_code = ?")
                .param(styleCode).query((rs, n) -> {
                    Map<String, Object> style = new LinkedHashMap<>();
                    style.put("styleCode", rs.getString(1));
                    style.put("name", rs.getString(2));
                    style.put("season", rs.getString(3));
                    style.put("category", rs.getString(4));
                    style.put("taxClass", rs.getString(5));
                    style.put("revision", rs.getLong(6));
                    return style;
                }).optional();
    }

    /** Prices in force at {@code at} for a variant, one per price list: its own, else its style's. */
    public List<PriceInForce> pricesInForce(String styleCode, String sku, Instant at, String priceList) {
        String sql = """
                SELECT price_list, currency, amount_minor, effective_from, effective_to, sku
                FROM price WHERE style_code = :style AND (sku IS NULL OR sku = :sku)
                AND effective_from <= :at AND (effective_to IS NULL OR effective_to > :at)
                """ + (priceList == null ? "" : " AND price_list = :list ") + """
                ORDER BY price_list, CASE WHEN sku IS NULL THEN 1 ELSE 0 END, effective_from DESC, id DESC""";
        var statement = jdbc.sql(sql).param("style", styleCode).param("sku", sku).param("at", utc(at));
        if (priceList != null) {
            statement = statement.param("list", priceList);
        }
        Map<String, PriceInForce> first = new LinkedHashMap<>();
        statement.query((rs, n) -> new PriceInForce(rs.getString(1),
                        new Money(rs.getLong(3), Currency.getInstance(rs.getString(2))),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getObject(5, OffsetDateTime.class) == null ? null : rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getString(6) != null))
                .list().forEach(p -> first.putIfAbsent(p.priceList(), p));
        return List.copyOf(first.values());
    }

    /** Every price row of a SKU and of its style (the variant's own first when both are in force). */
    public List<PriceRow> priceRows(String styleCode, String sku) {
        return jdbc.sql("""
                        SELECT id, price_list, currency, amount_minor, effective_from, effective_to, sku
                        FROM price WHERE style_code = ? AND (sku IS NULL OR sku = ?)""")
                .params(styleCode, sku)
                .query((rs, n) -> new PriceRow(rs.getLong(1), rs.getString(2), new Money(rs.getLong(4), Currency.getInstance(rs.getString(3))),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class) == null ? null : rs.getObject(6, OffsetDateTime.class).toInstant(),
                        rs.getString(7) != null))
                .list();
    }

    /** One price row; {@link #precedes} is the order {@link #pricesInForce} picks by. */
    public record PriceRow(long id, String priceList, Money amount, Instant effectiveFrom, Instant effectiveTo, boolean variantOverride) {

        public boolean inForceAt(Instant at) {
            return !effectiveFrom.isAfter(at) && (effectiveTo == null || effectiveTo.isAfter(at));
        }

        public boolean precedes(PriceRow other) {
            if (variantOverride != other.variantOverride) {
                return variantOverride;
            }
            int byStart = effectiveFrom.compareTo(other.effectiveFrom);
            return byStart != 0 ? byStart > 0 : id > other.id;
        }
    }

    public record PriceInForce(String priceList, Money amount, Instant effectiveFrom, Instant effectiveTo, boolean variantOverride) {
    }

    private static VariantSummary summary(ResultSet rs, int n) throws SQLException {
        return new VariantSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), "ACTIVE".equals(rs.getString(8)), rs.getLong(9));
    }
}
