package io.selvedge.catalog.jdbc;

import io.selvedge.catalog.PublishStyle;
import io.selvedge.catalog.VariantSummary;
import io.selvedge.shared.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The catalogue's tables. Writes run inside the caller's write transaction. */
@Repository
public class JdbcCatalog {

    private static final String VARIANT_COLUMNS = """
            v.sku, v.gtin, v.style_code, v.colour, v.size, s.category, s.tax_class, v.status, v.revision
            FROM variant v JOIN style s ON s.style_code = v.style_code""";

    private final JdbcClient jdbc;

    public JdbcCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> styleBodyHash(String styleCode) {
        return jdbc.sql("SELECT body_hash FROM style WHERE style_code = ?").param(styleCode).query(String.class).optional();
    }

    public Optional<Long> styleRevision(String styleCode) {
        return jdbc.sql("SELECT revision FROM style WHERE style_code = ?").param(styleCode).query(Long.class).optional();
    }

    /** SKUs among {@code skus} that belong to a style other than {@code styleCode}, with that style. */
    public Map<String, String> skusOfOtherStyles(String styleCode, Collection<String> skus) {
        Map<String, String> owners = new LinkedHashMap<>();
        if (skus.isEmpty()) {
            return owners;
        }
        jdbc.sql("SELECT sku, style_code FROM variant WHERE style_code <> :style AND sku IN (:skus)")
                .param("style", styleCode).param("skus", skus)
                .query(rs -> {
                    owners.put(rs.getString(1), rs.getString(2));
                });
        return owners;
    }

    /** GTINs (as GTIN-14) among {@code gtin14s} held by a SKU not in {@code ownSkus}, with that SKU. */
    public Map<String, String> gtinsOfOtherVariants(Collection<String> gtin14s, Collection<String> ownSkus) {
        Map<String, String> holders = new LinkedHashMap<>();
        if (gtin14s.isEmpty()) {
            return holders;
        }
        jdbc.sql("SELECT gtin14, sku FROM variant WHERE gtin14 IN (:gtins)").param("gtins", gtin14s)
                .query(rs -> {
                    if (!ownSkus.contains(rs.getString(2))) {
                        holders.put(rs.getString(1), rs.getString(2));
                    }
                });
        return holders;
    }

    public long nextRevision(Instant at, String by, String description) {
        long revision = jdbc.sql("SELECT COALESCE(MAX(revision), 0) + 1 FROM catalog_revision").query(Long.class).single();
        jdbc.sql("INSERT INTO catalog_revision (revision, published_at, published_by, description) VALUES (?, ?, ?, ?)")
                .params(revision, utc(at), by, description).update();
        return revision;
    }

    public void upsertStyle(PublishStyle style, String coloursJson, String sizesJson, long revision) {
        int updated = jdbc.sql("""
                UPDATE style SET name = ?, season = ?, category = ?, tax_class = ?, colours = ?, sizes = ?, body_hash = ?, revision = ?
                WHERE style_code = ?""")
                .params(style.name(), style.season(), style.category(), style.taxClass(), coloursJson, sizesJson,
                        style.bodyHash(), revision, style.styleCode())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO style (style_code, name, season, category, tax_class, colours, sizes, body_hash, revision)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(style.styleCode(), style.name(), style.season(), style.category(), style.taxClass(), coloursJson,
                            sizesJson, style.bodyHash(), revision)
                    .update();
        }
    }

    /** Writes the variants of a publish; those of the style it leaves out are discontinued, never deleted. */
    public List<String> upsertVariants(String styleCode, List<PublishStyle.Variant> variants, Map<String, String> gtin14s, long revision) {
        List<String> changed = new ArrayList<>();
        for (PublishStyle.Variant variant : variants) {
            int updated = jdbc.sql("""
                    UPDATE variant SET gtin = ?, gtin14 = ?, colour = ?, size = ?, status = 'ACTIVE', revision = ?
                    WHERE sku = ? AND (status <> 'ACTIVE' OR colour <> ? OR size <> ? OR COALESCE(gtin, '') <> COALESCE(?, ''))""")
                    .params(variant.gtin(), gtin14s.get(variant.sku()), variant.colour(), variant.size(), revision,
                            variant.sku(), variant.colour(), variant.size(), variant.gtin())
                    .update();
            if (updated > 0) {
                changed.add(variant.sku());
                continue;
            }
            boolean exists = jdbc.sql("SELECT COUNT(*) FROM variant WHERE sku = ?").param(variant.sku()).query(Long.class).single() > 0;
            if (!exists) {
                jdbc.sql("""
                        INSERT INTO variant (sku, style_code, gtin14, gtin, colour, size, status, revision)
                        VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?)""")
                        .params(variant.sku(), styleCode, gtin14s.get(variant.sku()), variant.gtin(), variant.colour(),
                                variant.size(), revision)
                        .update();
                changed.add(variant.sku());
            }
        }
        List<String> kept = variants.stream().map(PublishStyle.Variant::sku).toList();
        List<String> dropped = jdbc.sql("SELECT sku FROM variant WHERE style_code = :style AND status = 'ACTIVE' AND sku NOT IN (:kept)")
                .param("style", styleCode).param("kept", kept).query(String.class).list();
        for (String sku : dropped) {
            jdbc.sql("UPDATE variant SET status = 'DISCONTINUED', revision = ? WHERE sku = ?").params(revision, sku).update();
            changed.add(sku);
        }
        return changed;
    }

    /** Adds a price row unless the same price is already the latest from the same instant. Returns the new row's id. */
    public Optional<Long> addPrice(String styleCode, String sku, PublishStyle.Price price, long revision) {
        var latest = jdbc.sql("""
                SELECT currency, amount_minor, effective_to FROM price
                WHERE style_code = :style AND COALESCE(sku, '') = :sku AND price_list = :list AND effective_from = :from
                ORDER BY id DESC""")
                .param("style", styleCode).param("sku", sku == null ? "" : sku).param("list", price.priceList())
                .param("from", utc(price.effectiveFrom()))
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class)})
                .list().stream().findFirst();
        if (latest.isPresent()) {
            Object[] row = latest.get();
            OffsetDateTime to = (OffsetDateTime) row[2];
            boolean sameTo = to == null ? price.effectiveTo() == null : price.effectiveTo() != null && to.toInstant().equals(price.effectiveTo());
            if (row[0].equals(price.amount().currency().getCurrencyCode()) && (long) row[1] == price.amount().minor() && sameTo) {
                return Optional.empty();
            }
        }
        org.springframework.jdbc.support.GeneratedKeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO price (style_code, sku, price_list, currency, amount_minor, effective_from, effective_to, revision)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(styleCode, sku, price.priceList(), price.amount().currency().getCurrencyCode(), price.amount().minor(),
                        utc(price.effectiveFrom()), price.effectiveTo() == null ? null : utc(price.effectiveTo()), revision)
                .update(keys, "id");
        return Optional.of(keys.getKey().longValue());
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

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
