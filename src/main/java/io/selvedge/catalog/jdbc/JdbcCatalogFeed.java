package io.selvedge.catalog.jdbc;

import static io.selvedge.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The revisioned views of the catalogue: versions as of a revision, changes after one, acks, markdowns due. */
@Repository
public class JdbcCatalogFeed {

    private static final String VERSION_COLUMNS =
            "v.sku, v.revision, v.style_code, v.style_name, v.season, v.category, v.tax_class, v.gtin, v.colour, v.size, v.status";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcCatalogFeed(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public record Version(String sku, long revision, String styleCode, String styleName, String season, String category,
                          String taxClass, String gtin, String colour, String size, String status) {
    }

    public record PriceRow(long id, String styleCode, String sku, String priceList, String currency, long amountMinor,
                           Instant effectiveFrom, Instant effectiveTo, long revision) {
    }

    /** The newest committed revision (0 for an empty catalogue). */
    public long currentRevision() {
        return jdbc.sql("SELECT COALESCE(MAX(revision), 0) FROM catalog_revision").query(Long.class).single();
    }

    /** Writes versions of a publish as one batch; {@code sizePositions} places each in its style's size run. */
    public void insertVersions(List<Version> versions, List<Integer> sizePositions) {
        if (versions.isEmpty()) {
            return;
        }
        List<Object[]> rows = new java.util.ArrayList<>(versions.size());
        for (int i = 0; i < versions.size(); i++) {
            Version v = versions.get(i);
            rows.add(new Object[] {v.sku(), v.revision(), v.styleCode(), v.styleName(), v.season(), v.category(), v.taxClass(), v.gtin(),
                    v.colour(), v.size(), sizePositions.get(i), v.status()});
        }
        batch.batchUpdate("""
                INSERT INTO variant_version (sku, revision, style_code, style_name, season, category, tax_class, gtin, colour, size,
                    size_position, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows,
                new int[] {Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                        Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.VARCHAR});
    }

    /**
     * The prices a revision added: those already in force are announced now (by the publish's price.changed), the others
     * are queued for the markdown sweep to announce when their moment comes.
     */
    public void announceOrSchedule(long revision, Instant now) {
        jdbc.sql("""
                INSERT INTO price_announcement (price_id, announced_at)
                SELECT id, ? FROM price WHERE revision = ? AND effective_from <= ?""")
                .params(utc(now), revision, utc(now)).update();
        jdbc.sql("""
                INSERT INTO price_schedule (price_id, effective_from)
                SELECT id, effective_from FROM price WHERE revision = ? AND effective_from > ?""")
                .params(revision, utc(now)).update();
    }

    /** A stretch of the catalogue as of a revision, in SKU order: each SKU's newest version (any status), and the SKU to go on after. */
    public record Scan(List<Version> newest, String lastSku, boolean end) {
    }

    /**
     * Reads up to {@code rows} version rows after {@code afterSku} in (sku, revision) order, the primary key's order, so
     * the database walks its index instead of sorting or probing per SKU. A SKU whose versions may go on past the page
     * is left to the next page, unless it fills the page alone.
     */
    public Scan scan(long asOf, String afterSku, int rows) {
        List<Version> read = jdbc.sql("SELECT " + VERSION_COLUMNS + """
                \sFROM variant_version v WHERE v.sku > :after AND v.revision <= :asOf ORDER BY v.sku, v.revision LIMIT :rows""")
                .param("after", afterSku).param("asOf", asOf).param("rows", rows).query(JdbcCatalogFeed::version).list();
        boolean end = read.size() < rows;
        List<Version> newest = new java.util.ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            if (i + 1 == read.size() || !read.get(i + 1).sku().equals(read.get(i).sku())) {
                newest.add(read.get(i));
            }
        }
        if (!end && !newest.isEmpty()) {
            Version last = newest.remove(newest.size() - 1);
            if (newest.isEmpty()) {
                // one SKU with more versions than a page: ask for its newest alone
                newest.add(jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM variant_version v WHERE v.sku = ? AND v.revision <= ? ORDER BY v.revision DESC LIMIT 1")
                        .params(last.sku(), asOf).query(JdbcCatalogFeed::version).single());
            }
        }
        return new Scan(newest, newest.isEmpty() ? afterSku : newest.get(newest.size() - 1).sku(), end);
    }

    /** Versions written after {@code after}, oldest revision first, up to {@code limit} rows. */
    public List<Version> changes(long after, int limit) {
        return jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM variant_version v WHERE v.revision > ? ORDER BY v.revision, v.sku LIMIT ?")
                .params(after, limit).query(JdbcCatalogFeed::version).list();
    }

    public List<Version> changesAt(long revision) {
        return jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM variant_version v WHERE v.revision = ? ORDER BY v.sku")
                .param(revision).query(JdbcCatalogFeed::version).list();
    }

    /** The revision at which each SKU first appeared. */
    public Map<String, Long> firstRevisions(Collection<String> skus) {
        Map<String, Long> first = new LinkedHashMap<>();
        if (!skus.isEmpty()) {
            jdbc.sql("SELECT sku, MIN(revision) FROM variant_version WHERE sku IN (:skus) GROUP BY sku").param("skus", skus)
                    .query(rs -> {
                        first.put(rs.getString(1), rs.getLong(2));
                    });
        }
        return first;
    }

    /** Price rows of these styles published at or before {@code asOf}. */
    public List<PriceRow> prices(Collection<String> styleCodes, long asOf) {
        if (styleCodes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT id, style_code, sku, price_list, currency, amount_minor, effective_from, effective_to, revision
                FROM price WHERE style_code IN (:styles) AND revision <= :asOf ORDER BY id""")
                .param("styles", styleCodes).param("asOf", asOf).query(JdbcCatalogFeed::price).list();
    }

    public List<PriceRow> pricesPublishedBetween(long after, long through) {
        return jdbc.sql("""
                SELECT id, style_code, sku, price_list, currency, amount_minor, effective_from, effective_to, revision
                FROM price WHERE revision > ? AND revision <= ? ORDER BY revision, id""")
                .params(after, through).query(JdbcCatalogFeed::price).list();
    }

    /** Prices whose effective moment has come and that no price.changed has announced yet: the due end of the schedule. */
    public List<PriceRow> markdownsDue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT p.id, p.style_code, p.sku, p.price_list, p.currency, p.amount_minor, p.effective_from, p.effective_to, p.revision
                FROM price_schedule s JOIN price p ON p.id = s.price_id WHERE s.effective_from <= ?
                ORDER BY s.effective_from, s.price_id LIMIT ?""")
                .params(utc(now), limit).query(JdbcCatalogFeed::price).list();
    }

    public boolean anyMarkdownDue(Instant now) {
        return !markdownsDue(now, 1).isEmpty();
    }

    /** A scheduled price announced: recorded, and off the schedule. */
    public void announce(long priceId, Instant at) {
        jdbc.sql("INSERT INTO price_announcement (price_id, announced_at) VALUES (?, ?)").params(priceId, utc(at)).update();
        jdbc.sql("DELETE FROM price_schedule WHERE price_id = ?").param(priceId).update();
    }

    public void ack(String location, long revision, String by, Instant at) {
        int updated = jdbc.sql("UPDATE catalog_ack SET revision = ?, acked_at = ?, acked_by = ? WHERE location = ?")
                .params(revision, utc(at), by, location).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO catalog_ack (location, revision, acked_at, acked_by) VALUES (?, ?, ?, ?)")
                    .params(location, revision, utc(at), by).update();
        }
    }

    public Optional<Long> ackedRevision(String location) {
        return jdbc.sql("SELECT revision FROM catalog_ack WHERE location = ?").param(location).query(Long.class).optional();
    }

    public Map<String, Object[]> acks() {
        Map<String, Object[]> acks = new LinkedHashMap<>();
        jdbc.sql("SELECT location, revision, acked_at, acked_by FROM catalog_ack ORDER BY location").query(rs -> {
            acks.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)});
        });
        return acks;
    }

    /** How many revisions after {@code revision} exist: how far behind a location is. */
    public long revisionsAfter(long revision) {
        return jdbc.sql("SELECT COUNT(*) FROM catalog_revision WHERE revision > ?").param(revision).query(Long.class).single();
    }

    private static Version version(ResultSet rs, int n) throws SQLException {
        return new Version(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
    }

    private static PriceRow price(ResultSet rs, int n) throws SQLException {
        OffsetDateTime to = rs.getObject(8, OffsetDateTime.class);
        return new PriceRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(), to == null ? null : to.toInstant(), rs.getLong(9));
    }
}
