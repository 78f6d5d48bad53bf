package io.selvedge.catalog.jdbc;

import io.selvedge.shared.Databases;
import io.selvedge.shared.Money;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The NDJSON snapshot's lines, read and written a stretch of SKUs at a time: each SKU's newest version as of the revision
 * (read in SKU order along the primary key) with the prices of the same range of SKUs (one range read of the index
 * {@code price_sku}, chained to their versions by SKU), plus its style's prices when the catalogue has any.
 * A line is shaped exactly as a snapshot page's variant. It goes straight from the driver's bytes to the line's bytes:
 * on PostgreSQL a text column's value is taken as the UTF-8 bytes the driver received, copied unless JSON must escape
 * it, so a million lines decode no strings and build no objects per field.
 */
@Repository
public class SnapshotLines {

    private static final String VERSIONS = """
            SELECT sku, revision, style_code, style_name, season, category, tax_class, gtin, colour, size, status
            FROM variant_version WHERE sku > :after AND revision <= :asOf ORDER BY sku, revision LIMIT :rows""";
    private static final String NEWEST_OF_ONE = """
            SELECT sku, revision, style_code, style_name, season, category, tax_class, gtin, colour, size, status
            FROM variant_version WHERE sku = :sku AND revision <= :asOf ORDER BY revision DESC LIMIT 1""";
    /**
     * In no order: a sort by SKU in the database's collation costs more than grouping the rows by SKU here (the range is
     * found through the index {@code price_sku}).
     */
    private static final String OWN_PRICES = """
            SELECT sku, id, price_list, currency, amount_minor, effective_from, effective_to
            FROM price WHERE sku > :after AND sku <= :last AND revision <= :asOf""";
    private static final String STYLE_PRICES = """
            SELECT style_code, id, price_list, currency, amount_minor, effective_from, effective_to
            FROM price WHERE sku IS NULL AND style_code IN (:styles) AND revision <= :asOf ORDER BY id""";

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    public SnapshotLines(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * One stretch as read: each SKU's newest version, the prices of the same SKUs, their styles' prices; the SKU the next
     * stretch starts after, and whether it is the last. Holds no connection.
     */
    public static final class Stretch {
        private final List<Row> newest;
        private final List<Price> own;
        private final Map<String, List<Price>> ofStyles;
        private final String lastSku;
        private final boolean end;

        private Stretch(List<Row> newest, List<Price> own, Map<String, List<Price>> ofStyles, String lastSku, boolean end) {
            this.newest = newest;
            this.own = own;
            this.ofStyles = ofStyles;
            this.lastSku = lastSku;
            this.end = end;
        }

        public String lastSku() {
            return lastSku;
        }

        public boolean end() {
            return end;
        }
    }

    /** A stretch's lines: {@code bytes[0..length)}, and how many variants they are. */
    public record Lines(byte[] bytes, int length, int variants) {
    }

    /** A reader of one snapshot: its caches live as long as the snapshot. Use from one thread at a time. */
    public Reader reader(long asOf) {
        boolean styleLevel = jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM price WHERE sku IS NULL AND revision <= ? LIMIT 1) p")
                .param(asOf).query(Long.class).single() > 0;
        return new Reader(asOf, styleLevel, rawText());
    }

    /** PostgreSQL's driver hands out a text column's bytes as received (UTF-8); other drivers decode and re-encode. */
    private boolean rawText() {
        return Databases.isPostgres(dataSource);
    }

    /** A version row as read: the text columns' bytes and the revision. */
    private record Row(byte[] sku, long revision, byte[] styleCode, byte[] styleName, byte[] season, byte[] category, byte[] taxClass,
                       byte[] gtin, byte[] colour, byte[] size, boolean active) {
    }

    /** A price row as read; {@code from} and {@code to} are already quoted ISO instants, {@code to} null when open-ended. */
    private record Price(byte[] owner, long id, byte[] priceList, byte[] currency, long amountMinor, byte[] from, byte[] to) {

        boolean sameSlot(Price other) {
            return Arrays.equals(priceList, other.priceList) && Arrays.equals(from, other.from);
        }
    }

    public final class Reader {
        private final long asOf;
        private final boolean styleLevel;
        private final boolean raw;
        private final Instants instants = new Instants(); // read's
        private byte[] lastCurrency = new byte[0]; // write's, as lastDigits
        private int lastDigits;

        private Reader(long asOf, boolean styleLevel, boolean raw) {
            this.asOf = asOf;
            this.styleLevel = styleLevel;
            this.raw = raw;
        }

        /**
         * Reads up to {@code rows} version rows after {@code afterSku} in (sku, revision) order, and the prices of their
         * SKUs. A SKU whose versions may go on past the stretch is left to the next, unless it fills the stretch alone.
         * Stretches are read one after the other (each starts after the last), from any thread.
         */
        public Stretch read(String afterSku, int rows) {
            List<Row> read = new ArrayList<>(Math.min(rows, 1 << 16));
            jdbc.sql(VERSIONS).param("after", afterSku).param("asOf", asOf).param("rows", rows).query(rs -> {
                read.add(row(rs));
            });
            boolean end = read.size() < rows;
            List<Row> newest = newest(read);
            if (!end && !newest.isEmpty()) {
                Row last = newest.remove(newest.size() - 1);
                if (newest.isEmpty()) { // one SKU with more versions than a stretch: its newest alone
                    jdbc.sql(NEWEST_OF_ONE).param("sku", new String(last.sku(), StandardCharsets.UTF_8)).param("asOf", asOf)
                            .query(rs -> {
                                newest.add(row(rs));
                            });
                }
            }
            if (newest.isEmpty()) {
                return new Stretch(newest, List.of(), Map.of(), afterSku, end);
            }
            String lastSku = new String(newest.get(newest.size() - 1).sku(), StandardCharsets.UTF_8);
            List<Price> own = new ArrayList<>(newest.size() + 16);
            jdbc.sql(OWN_PRICES).param("after", afterSku).param("last", lastSku).param("asOf", asOf).query(rs -> {
                own.add(price(rs));
            });
            return new Stretch(newest, own, styleLevel ? stylePrices(newest) : Map.of(), lastSku, end);
        }

        /**
         * Writes a stretch's active variants as lines into {@code reuse} (or a new buffer), while the next stretch is read.
         * Stretches are written one after the other, on one thread at a time.
         */
        public Lines write(Stretch stretch, byte[] reuse) {
            List<Row> newest = stretch.newest;
            Buffer lines = new Buffer(reuse, newest.size() * 400);
            int[] first = ownPrices(newest, stretch.own);
            List<Price> mine = new ArrayList<>(4);
            StyleCodes codes = new StyleCodes();
            int variants = 0;
            for (int i = 0; i < newest.size(); i++) {
                Row v = newest.get(i);
                if (v.active()) {
                    mine.clear();
                    for (int p = first[i]; p >= 0; p = first[newest.size() + p]) {
                        mine.add(stretch.own.get(p));
                    }
                    if (mine.size() > 1) {
                        mine.sort(BY_ID); // publish order
                    }
                    List<Price> ofStyle = stretch.ofStyles.isEmpty() ? List.of() : stretch.ofStyles.getOrDefault(codes.of(v.styleCode()), List.of());
                    lines.variant(v, latest(mine), ofStyle);
                    variants++;
                }
            }
            return new Lines(lines.bytes, lines.size, variants);
        }

        /** Each SKU's last row, the rows being in (sku, revision) order. */
        private List<Row> newest(List<Row> read) {
            List<Row> newest = new ArrayList<>(read.size());
            for (int i = 0; i < read.size(); i++) {
                if (i + 1 == read.size() || !Arrays.equals(read.get(i + 1).sku(), read.get(i).sku())) {
                    newest.add(read.get(i));
                }
            }
            return newest;
        }

        /**
         * Chains each version's own prices: {@code links[i]} is the first price of version i, {@code links[versions + p]}
         * the price after price p, -1 ending a chain. SKUs are found by their bytes in an open-addressing table, so a
         * stretch decodes no SKU. A price of a SKU with no version in the stretch belongs to no line, as in a page.
         */
        private int[] ownPrices(List<Row> versions, List<Price> own) {
            int n = versions.size();
            int[] slots = new int[Integer.highestOneBit(Math.max(2, n) * 2) * 2]; // version index + 1, 0 when empty
            int mask = slots.length - 1;
            for (int i = 0; i < n; i++) {
                int slot = hash(versions.get(i).sku()) & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = i + 1;
            }
            int[] links = new int[n + own.size()];
            Arrays.fill(links, -1);
            for (int p = own.size() - 1; p >= 0; p--) { // backwards, so each chain keeps the order the rows came in
                byte[] sku = own.get(p).owner();
                for (int slot = hash(sku) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
                    int i = slots[slot] - 1;
                    if (Arrays.equals(versions.get(i).sku(), sku)) {
                        links[n + p] = links[i];
                        links[i] = p;
                        break;
                    }
                }
            }
            return links;
        }

        /** The stretch's styles' own prices, by style, each list as {@link #latest} leaves it. */
        private Map<String, List<Price>> stylePrices(List<Row> versions) {
            Set<String> styles = new LinkedHashSet<>();
            StyleCodes codes = new StyleCodes();
            versions.forEach(v -> styles.add(codes.of(v.styleCode())));
            Map<String, List<Price>> byStyle = new HashMap<>();
            List<String> all = new ArrayList<>(styles);
            for (int from = 0; from < all.size(); from += 1000) { // bounded IN lists
                jdbc.sql(STYLE_PRICES).param("styles", all.subList(from, Math.min(all.size(), from + 1000))).param("asOf", asOf).query(rs -> {
                    Price p = price(rs);
                    byStyle.computeIfAbsent(new String(p.owner(), StandardCharsets.UTF_8), k -> new ArrayList<>(2)).add(p);
                });
            }
            byStyle.replaceAll((style, rows) -> latest(rows));
            return byStyle;
        }

        private Row row(ResultSet rs) throws SQLException {
            byte[] status = text(rs, 11);
            return new Row(text(rs, 1), rs.getLong(2), text(rs, 3), text(rs, 4), text(rs, 5), text(rs, 6), text(rs, 7), text(rs, 8),
                    text(rs, 9), text(rs, 10), Arrays.equals(status, ACTIVE));
        }

        private Price price(ResultSet rs) throws SQLException {
            return new Price(text(rs, 1), rs.getLong(2), text(rs, 3), text(rs, 4), rs.getLong(5), instant(rs, 6), instant(rs, 7));
        }

        private byte[] text(ResultSet rs, int column) throws SQLException {
            if (raw) {
                return rs.getBytes(column);
            }
            String value = rs.getString(column);
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }

        private byte[] instant(ResultSet rs, int column) throws SQLException {
            if (raw) {
                byte[] key = rs.getBytes(column); // the driver's bytes, text or binary: the same instant is the same bytes
                if (key == null) {
                    return null;
                }
                byte[] known = instants.get(key);
                if (known == null) {
                    known = instants.put(key, quotedInstant(rs.getObject(column, OffsetDateTime.class).toInstant()));
                }
                return known;
            }
            OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
            return at == null ? null : quotedInstant(at.toInstant());
        }

        /** A price's amount as its currency writes it, e.g. {@code 89.00}: what {@link Money#toDecimalString} gives. */
        private void amount(Buffer lines, byte[] currency, long minor) {
            if (!Arrays.equals(currency, lastCurrency)) {
                lastDigits = Currency.getInstance(new String(currency, StandardCharsets.US_ASCII)).getDefaultFractionDigits();
                lastCurrency = currency;
            }
            if (lastDigits < 1 || lastDigits > 6 || minor == Long.MIN_VALUE) {
                lines.ascii(new Money(minor, Currency.getInstance(new String(currency, StandardCharsets.US_ASCII))).toDecimalString());
                return;
            }
            lines.decimal(minor, lastDigits);
        }

        /** Writes variant lines into a growable buffer. */
        private final class Buffer {
            private byte[] bytes;
            private int size;
            private Row styleOf;
            private byte[] styleBlock = new byte[256];
            private int styleBlockLength;

            Buffer(byte[] reuse, int expected) {
                bytes = reuse != null && reuse.length >= 1024 ? reuse : new byte[Math.max(1024, expected)];
            }

            void variant(Row v, List<Price> own, List<Price> ofStyle) {
                raw(SKU);
                quoted(v.sku());
                raw(GTIN);
                quoted(v.gtin());
                styleFields(v);
                raw(COLOUR);
                quoted(v.colour());
                raw(SIZE);
                quoted(v.size());
                raw(STATUS_ACTIVE);
                raw(REVISION);
                decimal(v.revision(), 0);
                raw(PRICES);
                // the style's prices and the SKU's own, in publish (id) order
                int s = 0;
                int o = 0;
                boolean first = true;
                while (s < ofStyle.size() || o < own.size()) {
                    boolean style = o == own.size() || s < ofStyle.size() && ofStyle.get(s).id() < own.get(o).id();
                    price(style ? ofStyle.get(s++) : own.get(o++), style, first);
                    first = false;
                }
                raw(END);
            }

            /**
             * The style's fields, which repeat across its variants (40 in a row is common): written once, then copied while
             * the next variant's are the same bytes, which is cheaper to check than to write them again.
             */
            private void styleFields(Row v) {
                if (styleOf != null && Arrays.equals(v.styleCode(), styleOf.styleCode()) && Arrays.equals(v.styleName(), styleOf.styleName())
                        && Arrays.equals(v.season(), styleOf.season()) && Arrays.equals(v.category(), styleOf.category())
                        && Arrays.equals(v.taxClass(), styleOf.taxClass())) {
                    raw(styleBlock, styleBlockLength);
                    return;
                }
                int start = size;
                raw(STYLE_CODE);
                quoted(v.styleCode());
                raw(STYLE_NAME);
                quoted(v.styleName());
                raw(SEASON);
                quoted(v.season());
                raw(CATEGORY);
                quoted(v.category());
                raw(TAX_CLASS);
                quoted(v.taxClass());
                styleBlockLength = size - start;
                if (styleBlock.length < styleBlockLength) {
                    styleBlock = new byte[Math.max(256, styleBlockLength)];
                }
                System.arraycopy(bytes, start, styleBlock, 0, styleBlockLength);
                styleOf = v;
            }

            private void price(Price p, boolean styleLevel, boolean first) {
                raw(first ? PRICE_LIST : NEXT_PRICE_LIST);
                quoted(p.priceList());
                raw(CURRENCY);
                quoted(p.currency());
                raw(AMOUNT);
                amount(this, p.currency(), p.amountMinor());
                raw(EFFECTIVE_FROM);
                raw(p.from());
                raw(EFFECTIVE_TO);
                if (p.to() == null) {
                    raw(NULL);
                } else {
                    raw(p.to());
                }
                raw(styleLevel ? LEVEL_STYLE : LEVEL_VARIANT);
            }

            /** A JSON string: the bytes themselves unless something in them must be escaped (Jackson escapes those). */
            private void quoted(byte[] value) {
                if (value == null) {
                    raw(NULL);
                    return;
                }
                ensure(value.length + 2);
                for (byte b : value) {
                    if ((b >= 0 && b < 0x20) || b == '"' || b == '\\') {
                        byte[] escaped = ESCAPE.quoteAsUTF8(new String(value, StandardCharsets.UTF_8));
                        ensure(escaped.length + 2);
                        bytes[size++] = '"';
                        System.arraycopy(escaped, 0, bytes, size, escaped.length);
                        size += escaped.length;
                        bytes[size++] = '"';
                        return;
                    }
                }
                bytes[size++] = '"';
                System.arraycopy(value, 0, bytes, size, value.length);
                size += value.length;
                bytes[size++] = '"';
            }

            private void raw(byte[] value) {
                raw(value, value.length);
            }

            private void raw(byte[] value, int length) {
                ensure(length);
                System.arraycopy(value, 0, bytes, size, length);
                size += length;
            }

            void ascii(String value) {
                raw(value.getBytes(StandardCharsets.US_ASCII));
            }

            /** {@code value} / 10^digits in plain decimal notation, as {@code BigDecimal.valueOf(value, digits).toPlainString()}. */
            void decimal(long value, int digits) {
                ensure(24);
                if (value < 0) {
                    bytes[size++] = '-';
                    value = -value;
                }
                long scale = POWERS[digits];
                long whole = value / scale;
                long fraction = value % scale;
                int start = size;
                do {
                    bytes[size++] = (byte) ('0' + whole % 10);
                    whole /= 10;
                } while (whole > 0);
                reverse(start, size - 1);
                if (digits > 0) {
                    bytes[size++] = '.';
                    for (int i = digits - 1; i >= 0; i--) {
                        bytes[size + i] = (byte) ('0' + fraction % 10);
                        fraction /= 10;
                    }
                    size += digits;
                }
            }

            private void reverse(int from, int to) {
                while (from < to) {
                    byte b = bytes[from];
                    bytes[from++] = bytes[to];
                    bytes[to--] = b;
                }
            }

            private void ensure(int more) {
                if (size + more > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
                }
            }
        }
    }

    /**
     * A stretch's variant-level prices as the snapshot lists them: for a (price list, effective from) the latest publish
     * wins, the rest stay in publish order.
     */
    private static List<Price> latest(List<Price> rows) {
        if (rows.size() < 2) {
            return rows.isEmpty() ? List.of() : List.copyOf(rows);
        }
        List<Price> kept = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            boolean replaced = false;
            for (int j = i + 1; j < rows.size() && !replaced; j++) {
                replaced = rows.get(j).sameSlot(rows.get(i));
            }
            if (!replaced) {
                kept.add(rows.get(i));
            }
        }
        return kept;
    }

    private static final java.util.Comparator<Price> BY_ID = java.util.Comparator.comparingLong(Price::id);

    private static int hash(byte[] key) {
        int h = Arrays.hashCode(key);
        return h ^ (h >>> 16);
    }

    /** A style code's String, decoded once per run of the same code. */
    private static final class StyleCodes {
        private byte[] last;
        private String code;

        String of(byte[] styleCode) {
            if (!Arrays.equals(styleCode, last)) {
                last = styleCode;
                code = new String(styleCode, StandardCharsets.UTF_8);
            }
            return code;
        }
    }

    /** The instants of a snapshot, few and repeated (price dates): driver bytes to quoted ISO text, at most a few dozen kept. */
    private static final class Instants {
        private static final int KEPT = 64;
        private final byte[][] keys = new byte[KEPT][];
        private final byte[][] values = new byte[KEPT][];
        private int count;
        private int hit;

        byte[] get(byte[] key) {
            if (count > 0 && Arrays.equals(keys[hit], key)) {
                return values[hit];
            }
            for (int i = 0; i < count; i++) {
                if (Arrays.equals(keys[i], key)) {
                    hit = i;
                    return values[i];
                }
            }
            return null;
        }

        byte[] put(byte[] key, byte[] value) {
            if (count == KEPT) {
                count = 0; // many distinct instants: start over rather than search a long list
            }
            keys[count] = key.clone();
            values[count] = value;
            hit = count++;
            return value;
        }
    }

    private static byte[] quotedInstant(Instant at) {
        return ('"' + at.toString() + '"').getBytes(StandardCharsets.US_ASCII);
    }

    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final byte[] ACTIVE = ascii("ACTIVE");
    private static final byte[] NULL = ascii("null");
    private static final byte[] SKU = ascii("{\"sku\":");
    private static final byte[] GTIN = ascii(",\"gtin\":");
    private static final byte[] STYLE_CODE = ascii(",\"styleCode\":");
    private static final byte[] STYLE_NAME = ascii(",\"styleName\":");
    private static final byte[] SEASON = ascii(",\"season\":");
    private static final byte[] CATEGORY = ascii(",\"category\":");
    private static final byte[] TAX_CLASS = ascii(",\"taxClass\":");
    private static final byte[] COLOUR = ascii(",\"colour\":");
    private static final byte[] SIZE = ascii(",\"size\":");
    private static final byte[] STATUS_ACTIVE = ascii(",\"status\":\"ACTIVE\"");
    private static final byte[] REVISION = ascii(",\"revision\":");
    private static final byte[] PRICES = ascii(",\"prices\":[");
    private static final byte[] END = ascii("]}\n");
    private static final byte[] PRICE_LIST = ascii("{\"priceList\":");
    private static final byte[] NEXT_PRICE_LIST = ascii(",{\"priceList\":");
    private static final byte[] CURRENCY = ascii(",\"currency\":");
    private static final byte[] AMOUNT = ascii(",\"amount\":\"");
    private static final byte[] EFFECTIVE_FROM = ascii("\",\"effectiveFrom\":");
    private static final byte[] EFFECTIVE_TO = ascii(",\"effectiveTo\":");
    private static final byte[] LEVEL_STYLE = ascii(",\"level\":\"STYLE\"}");
    private static final byte[] LEVEL_VARIANT = ascii(",\"level\":\"VARIANT\"}");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
