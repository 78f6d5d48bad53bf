package io.selvedge.catalog.web;

import io.selvedge.catalog.PublishStyle;
import io.selvedge.catalog.domain.Gtin;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.Violations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules a style must meet to be published, shared by {@code PUT /catalog/styles} and the bulk import:
 * every bad field is named at once, with its path in the request.
 */
public final class StyleRules {

    private final JsonMapper json;
    private final io.selvedge.contract.Contract contract;

    public StyleRules(JsonMapper json, io.selvedge.contract.Contract contract) {
        this.json = json;
        this.contract = contract;
    }

    /** A valid publish, or {@link io.selvedge.shared.ProblemException} (422) naming every bad field. */
    public PublishStyle check(String styleCode, StyleRequest r, String publishedBy) {
        Violations v = new Violations();
        if (!styleCode.matches("[A-Za-z0-9._-]{1,64}")) {
            v.add("styleCode", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        // lengths are the columns' (style, variant): longer text would fail the write, not be refused
        v.requiredText("name", r.name(), 200);
        v.text("season", r.season(), 32);
        v.requiredText("category", r.category(), 64);
        if (v.required("taxClass", r.taxClass()) && !contract.knowsTaxClass(r.taxClass())) {
            v.add("taxClass", "is not a tax class of the contract");
        }
        List<PublishStyle.Colour> colours = new ArrayList<>();
        Set<String> colourCodes = new HashSet<>();
        if (v.required("colours", r.colours())) {
            for (int i = 0; i < r.colours().size(); i++) {
                StyleRequest.Colour c = r.colours().get(i);
                if (c == null || c.code() == null || c.code().isBlank()) {
                    v.add("colours[" + i + "].code", "is required");
                } else if (!colourCodes.add(c.code())) {
                    v.add("colours[" + i + "].code", "is given twice");
                } else if (v.text("colours[" + i + "].code", c.code(), 32) & v.text("colours[" + i + "].name", c.name(), 200)) {
                    colours.add(new PublishStyle.Colour(c.code(), c.name() == null ? c.code() : c.name()));
                }
            }
        }
        Set<String> sizes = new HashSet<>();
        if (v.required("sizes", r.sizes())) {
            for (int i = 0; i < r.sizes().size(); i++) {
                if (r.sizes().get(i) == null || r.sizes().get(i).isBlank()) {
                    v.add("sizes[" + i + "]", "is required");
                } else if (!sizes.add(r.sizes().get(i))) {
                    v.add("sizes[" + i + "]", "is given twice");
                } else {
                    v.text("sizes[" + i + "]", r.sizes().get(i), 16);
                }
            }
        }
        List<PublishStyle.Variant> variants = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        Set<String> gtins = new HashSet<>();
        Set<String> colourSizes = new HashSet<>();
        if (v.required("variants", r.variants()) && r.variants().isEmpty()) {
            v.add("variants", "must list at least one variant");
        }
        for (int i = 0; r.variants() != null && i < r.variants().size(); i++) {
            String at = "variants[" + i + "]";
            StyleRequest.Variant variant = r.variants().get(i);
            if (variant == null) {
                v.add(at, "is required");
                continue;
            }
            if (v.required(at + ".sku", variant.sku())) {
                if (!variant.sku().matches("[A-Za-z0-9._/-]{1,64}")) {
                    v.add(at + ".sku", "must be 1 to 64 letters, digits, '.', '_', '/' or '-'");
                } else if (!skus.add(variant.sku())) {
                    v.add(at + ".sku", "is given twice");
                }
            }
            if (variant.gtin() != null) {
                Gtin gtin = v.attempt(at + ".gtin", () -> Gtin.of(variant.gtin()));
                if (gtin != null && !gtins.add(gtin.asGtin14())) {
                    v.add(at + ".gtin", "is given to two variants");
                }
            }
            if (v.required(at + ".colour", variant.colour()) && !colourCodes.contains(variant.colour())) {
                v.add(at + ".colour", "is not one of the style's colours");
            }
            if (v.required(at + ".size", variant.size()) && !sizes.contains(variant.size())) {
                v.add(at + ".size", "is not in the style's size run");
            }
            if (variant.colour() != null && variant.size() != null && !colourSizes.add(variant.colour() + "/" + variant.size())) {
                v.add(at, "repeats colour " + variant.colour() + " in size " + variant.size());
            }
            variants.add(new PublishStyle.Variant(variant.sku(), variant.gtin(), variant.colour(), variant.size(),
                    prices(v, at + ".prices", variant.prices())));
        }
        List<PublishStyle.Price> prices = prices(v, "prices", r.prices());
        v.throwIfAny();
        String bodyHash = Hashing.sha256Hex(json.writeValueAsString(r));
        return new PublishStyle(styleCode, r.name(), r.season(), r.category(), r.taxClass(), colours, List.copyOf(r.sizes()),
                variants, prices, bodyHash, publishedBy);
    }

    private static final Instant EARLIEST_PRICE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST_PRICE = Instant.parse("9999-12-31T23:59:59Z");

    /** A price may be in force since always (the import says {@link Instant#EPOCH}) or from years ahead: within years 1 to 9999. */
    private static void priceMoment(Violations v, String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST_PRICE) || value.isAfter(LATEST_PRICE))) {
            v.add(field, "must be from " + EARLIEST_PRICE + " to " + LATEST_PRICE);
        }
    }

    /** A price names a price list of the contract, in that list's currency. */
    List<PublishStyle.Price> prices(Violations v, String at, List<StyleRequest.Price> prices) {
        List<PublishStyle.Price> out = new ArrayList<>();
        for (int i = 0; prices != null && i < prices.size(); i++) {
            String path = at + "[" + i + "]";
            StyleRequest.Price p = prices.get(i);
            if (p == null) {
                v.add(path, "is required");
                continue;
            }
            if (v.requiredText(path + ".priceList", p.priceList(), 64) && !contract.knowsPriceList(p.priceList())) {
                v.add(path + ".priceList", "is not a price list of the contract: '" + p.priceList() + "'");
            }
            Currency currency = v.currency(path + ".currency", p.currency());
            Currency ofList = contract.priceList(p.priceList()).map(io.selvedge.contract.Contract.PriceList::currency).orElse(null);
            if (currency != null && ofList != null && !ofList.equals(currency)) {
                v.add(path + ".currency", "must be " + ofList.getCurrencyCode() + ", the currency of price list " + p.priceList());
            }
            var amount = v.money(path + ".amount", p.amount(), currency);
            if (amount != null && amount.isNegative()) {
                v.add(path + ".amount", "must not be negative");
            }
            v.required(path + ".effectiveFrom", p.effectiveFrom());
            priceMoment(v, path + ".effectiveFrom", p.effectiveFrom());
            priceMoment(v, path + ".effectiveTo", p.effectiveTo());
            if (p.effectiveFrom() != null && p.effectiveTo() != null && !p.effectiveTo().isAfter(p.effectiveFrom())) {
                v.add(path + ".effectiveTo", "must be after effectiveFrom");
            }
            if (amount != null && p.priceList() != null && p.effectiveFrom() != null) {
                out.add(new PublishStyle.Price(p.priceList(), amount, p.effectiveFrom(), p.effectiveTo()));
            }
        }
        return out;
    }
}
