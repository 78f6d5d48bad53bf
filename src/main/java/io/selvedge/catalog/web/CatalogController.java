package io.selvedge.catalog.web;

import io.selvedge.catalog.Catalog;
import io.selvedge.catalog.PublishStyle;
import io.selvedge.catalog.domain.Gtin;
import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/catalog")
class CatalogController {

    private final Catalog catalog;
    private final io.selvedge.catalog.CatalogFeed feed;
    private final ContractGuard guard;
    private final JsonMapper json;

    CatalogController(Catalog catalog, io.selvedge.catalog.CatalogFeed feed, ContractGuard guard, JsonMapper json) {
        this.catalog = catalog;
        this.feed = feed;
        this.guard = guard;
        this.json = json;
    }

    @PutMapping("/styles/{styleCode}")
    Map<String, Object> putStyle(Caller caller, @PathVariable String styleCode, @RequestBody StyleRequest request) {
        guard.requireWriter(caller, "catalog.style");
        guard.requireOwner(caller, "product.name");
        boolean hasPrices = request.prices() != null && !request.prices().isEmpty()
                || request.variants() != null && request.variants().stream().anyMatch(v -> v != null && v.prices() != null && !v.prices().isEmpty());
        if (hasPrices) {
            guard.requireOwner(caller, "price.amount");
        }
        PublishStyle style = validate(styleCode, request, caller.name());
        Catalog.Published published = catalog.publish(style);
        return Map.of("styleCode", published.styleCode(), "revision", published.revision());
    }

    @GetMapping("/snapshot")
    Map<String, Object> snapshot(@RequestParam(required = false) Long asOf, @RequestParam(required = false) String cursor,
                                 @RequestParam(defaultValue = "500") int limit) {
        long current = feed.currentRevision();
        long revision = asOf == null ? current : asOf;
        if (revision < 0 || revision > current) {
            throw ProblemException.invalid("asOf", "must be a published revision (0 to " + current + ")");
        }
        return feed.snapshot(revision, cursor, limit(limit));
    }

    @GetMapping("/changes")
    Map<String, Object> changes(@RequestParam long after, @RequestParam(defaultValue = "1000") int limit) {
        if (after < 0) {
            throw ProblemException.invalid("after", "must be a revision, 0 or more");
        }
        return feed.changes(after, limit(limit));
    }

    record Ack(String location, Long revision) {
    }

    @PostMapping("/acks")
    Map<String, Object> acknowledge(Caller caller, @RequestBody Ack ack) {
        Violations v = new Violations();
        boolean known = v.required("location", ack.location())
                && (guard.contract().location(ack.location()).isPresent() || guard.contract().channel(ack.location()).isPresent());
        if (ack.location() != null && !known) {
            v.add("location", "is not a location or channel of the contract");
        }
        long current = feed.currentRevision();
        if (v.required("revision", ack.revision()) && (ack.revision() < 0 || ack.revision() > current)) {
            v.add("revision", "must be a published revision (0 to " + current + ")");
        }
        v.throwIfAny();
        if (guard.contract().location(ack.location()).isPresent()) {
            guard.requireWriter(caller, "catalog.ack", ack.location());
        } else {
            guard.requireChannel(caller, "catalog.ack", ack.location());
        }
        feed.acknowledge(ack.location(), ack.revision(), caller.name());
        return Map.of("location", ack.location(), "revision", ack.revision(), "currentRevision", current);
    }

    @GetMapping("/acks")
    List<Map<String, Object>> acknowledgements() {
        return feed.acknowledgements(new ArrayList<>(guard.contract().locations().keySet()));
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > 5000) {
            throw ProblemException.invalid("limit", "must be 1 to 5000");
        }
        return limit;
    }

    @GetMapping("/variants/{sku}")
    Map<String, Object> variant(@PathVariable String sku) {
        return catalog.describe(sku).orElseThrow(() -> ProblemException.notFound("No variant with SKU '" + sku + "'"));
    }

    private PublishStyle validate(String styleCode, StyleRequest r, String publishedBy) {
        Violations v = new Violations();
        if (!styleCode.matches("[A-Za-z0-9._-]{1,64}")) {
            v.add("styleCode", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        v.required("name", r.name());
        v.required("category", r.category());
        v.required("taxClass", r.taxClass());
        List<PublishStyle.Colour> colours = new ArrayList<>();
        Set<String> colourCodes = new HashSet<>();
        if (v.required("colours", r.colours())) {
            for (int i = 0; i < r.colours().size(); i++) {
                StyleRequest.Colour c = r.colours().get(i);
                if (c == null || c.code() == null || c.code().isBlank()) {
                    v.add("colours[" + i + "].code", "is required");
                } else if (!colourCodes.add(c.code())) {
                    v.add("colours[" + i + "].code", "is given twice");
                } else {
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

    private static List<PublishStyle.Price> prices(Violations v, String at, List<StyleRequest.Price> prices) {
        List<PublishStyle.Price> out = new ArrayList<>();
        for (int i = 0; prices != null && i < prices.size(); i++) {
            String path = at + "[" + i + "]";
            StyleRequest.Price p = prices.get(i);
            if (p == null) {
                v.add(path, "is required");
                continue;
            }
            v.required(path + ".priceList", p.priceList());
            Currency currency = v.currency(path + ".currency", p.currency());
            var amount = v.money(path + ".amount", p.amount(), currency);
            if (amount != null && amount.isNegative()) {
                v.add(path + ".amount", "must not be negative");
            }
            v.required(path + ".effectiveFrom", p.effectiveFrom());
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
