package io.selvedge.catalog.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Streams rows of a CSV import one at a time (never the whole file), in one of two layouts recognised by
 * the header: Selvedge's documented columns, or a Shopify product export (Handle, Option1 Value, ...).
 */
final class CsvRows implements Iterator<ImportRow> {

    /** The documented layout; header names are matched without regard to case, spaces or underscores. */
    static final List<String> COLUMNS = List.of("style", "name", "colour", "size", "sku", "gtin", "season", "category", "taxClass",
            "priceList", "currency", "price", "effectiveFrom");

    private final MappingIterator<Map<String, String>> rows;
    private final boolean shopify;
    private final String defaultCurrency;
    private final String defaultPriceList;
    private final Map<String, String> shopifyParent = new LinkedHashMap<>();
    private String shopifyHandle;
    /** Header names as matched: normalised once per header, not once per row. */
    private final Map<String, String> keys = new java.util.HashMap<>();
    private Map<String, String> pending;
    private long line = 1; // the header; a row's line is its record number + 1 (a quoted line break counts once)

    CsvRows(InputStream body, String defaultCurrency, String defaultPriceList) {
        Reader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        try {
            skipBom(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CsvMapper mapper = CsvMapper.builder().enable(CsvReadFeature.TRIM_SPACES).build();
        this.rows = mapper.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(reader);
        this.defaultCurrency = defaultCurrency;
        this.defaultPriceList = defaultPriceList;
        Map<String, String> first;
        try {
            first = rows.hasNext() ? rows.next() : null;
        } catch (tools.jackson.core.exc.JacksonIOException broken) {
            throw broken;
        } catch (tools.jackson.core.JacksonException unreadable) {
            first = null; // no header to read (a blank body): an import of no rows
        }
        this.pending = first;
        this.shopify = pending != null && pending.containsKey("Handle") && pending.containsKey("Variant SKU");
    }

    String format() {
        return shopify ? "shopify-csv" : "csv";
    }

    @Override
    public boolean hasNext() {
        return pending != null || rows.hasNext();
    }

    @Override
    public ImportRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Map<String, String> raw = pending != null ? pending : rows.next();
        pending = null;
        line++;
        return shopify ? shopify(raw, line) : documented(raw, line);
    }

    private ImportRow documented(Map<String, String> raw, long at) {
        Map<String, String> byKey = new LinkedHashMap<>();
        raw.forEach((k, v) -> byKey.put(keys.computeIfAbsent(k, CsvRows::normalise), blankToNull(v)));
        return new ImportRow(at, byKey.get("style"), byKey.get("name"), byKey.get("colour"), byKey.get("size"), byKey.get("sku"),
                byKey.get("gtin"), byKey.get("season"), byKey.get("category"), byKey.get("taxclass"), byKey.get("pricelist"),
                byKey.getOrDefault("currency", defaultCurrency), byKey.get("price"), byKey.get("effectivefrom"));
    }

    /**
     * A Shopify product export: a product's first row carries its title and type, later rows only the variant.
     * Options named Color/Colour and Size map to colour and size; a product without them is one colour, one size.
     */
    private ImportRow shopify(Map<String, String> raw, long at) {
        String handle = blankToNull(raw.get("Handle"));
        if (handle != null && !handle.equals(shopifyHandle)) {
            shopifyHandle = handle;
            shopifyParent.clear();
            shopifyParent.put("title", blankToNull(raw.get("Title")));
            shopifyParent.put("type", blankToNull(raw.get("Type")));
            for (int i = 1; i <= 3; i++) {
                shopifyParent.put("option" + i, blankToNull(raw.get("Option" + i + " Name")));
            }
        }
        String colour = null;
        String size = null;
        for (int i = 1; i <= 3; i++) {
            String option = shopifyParent.get("option" + i);
            String value = blankToNull(raw.get("Option" + i + " Value"));
            if (option == null || value == null) {
                continue;
            }
            String name = option.toLowerCase(Locale.ROOT);
            if (name.startsWith("colo")) {
                colour = value;
            } else if (name.equals("size")) {
                size = value;
            }
        }
        String style = handle == null ? null : handle.toUpperCase(Locale.ROOT);
        String colourCode = colour == null ? "DEFAULT" : colour.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "-");
        String sizeCode = size == null ? "ONE" : size;
        String sku = blankToNull(raw.get("Variant SKU"));
        if (sku == null && style != null && raw.get("Variant Price") != null && !raw.get("Variant Price").isBlank()) {
            // Shopify allows variants without SKUs; the hub needs one, so it derives a stable one
            sku = style + "-" + colourCode + "-" + sizeCode.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "-");
        }
        String category = shopifyParent.get("type") == null ? "Uncategorised" : shopifyParent.get("type");
        return new ImportRow(at, style, shopifyParent.getOrDefault("title", style), colourCode, sizeCode, sku,
                blankToNull(raw.get("Variant Barcode")), null, category, "apparel-standard", defaultPriceList,
                defaultCurrency, blankToNull(raw.get("Variant Price")), null);
    }

    private static String normalise(String header) {
        return header.replaceAll("[\\s_]", "").toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void skipBom(Reader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }
}
