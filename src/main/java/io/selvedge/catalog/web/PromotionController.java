package io.selvedge.catalog.web;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.catalog.Promotions;
import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.contract.ContractGuard;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.Money;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/promotions")
class PromotionController {

    private final Promotions promotions;
    private final CatalogLookup catalog;
    private final ContractGuard guard;
    private final JsonMapper json;

    PromotionController(Promotions promotions, CatalogLookup catalog, ContractGuard guard, JsonMapper json) {
        this.promotions = promotions;
        this.catalog = catalog;
        this.guard = guard;
        this.json = json;
    }

    @PutMapping("/{promotionId}")
    Map<String, Object> put(Caller caller, @PathVariable String promotionId, @RequestBody PromotionRequest r) {
        // the contract names exactly one owner of promotions (erp or pos); the other is refused and counted
        guard.requireOwner(caller, "promotion.value");
        Contract contract = guard.contract();
        Violations v = new Violations();
        if (!promotionId.matches("[A-Za-z0-9._-]{1,64}")) {
            v.add("promotionId", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        v.required("name", r.name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", r.name());
        body.put("kind", r.kind());
        if (v.required("kind", r.kind()) && !List.of("PERCENT", "AMOUNT").contains(r.kind())) {
            v.add("kind", "must be PERCENT or AMOUNT");
        }
        if (v.required("value", r.value())) {
            if ("PERCENT".equals(r.kind())) {
                BigDecimal percent = v.attempt("value", () -> parsePercent(r.value()));
                if (percent != null) {
                    body.put("value", percent.stripTrailingZeros().toPlainString());
                }
            } else if ("AMOUNT".equals(r.kind())) {
                Currency currency = v.currency("currency", r.currency());
                Money amount = v.money("value", r.value(), currency);
                if (amount != null && (amount.isNegative() || amount.isZero())) {
                    v.add("value", "must be more than zero");
                } else if (amount != null) {
                    body.put("value", amount.toDecimalString());
                    body.put("currency", currency.getCurrencyCode());
                }
            }
        }
        List<String> skus = list(r.skus());
        List<String> styles = list(r.styles());
        List<String> categories = list(r.categories());
        if (skus.isEmpty() && styles.isEmpty() && categories.isEmpty()) {
            v.add("skus", "a promotion applies to SKUs, styles or categories: name at least one");
        }
        var known = catalog.variants(skus);
        for (int i = 0; i < skus.size(); i++) {
            if (!known.containsKey(skus.get(i))) {
                v.add("skus[" + i + "]", "is not in the catalogue");
            }
        }
        List<String> channels = list(r.channels());
        for (int i = 0; i < channels.size(); i++) {
            if (contract.channel(channels.get(i)).isEmpty()) {
                v.add("channels[" + i + "]", "is not a channel of the contract");
            }
        }
        List<String> locations = list(r.locations());
        for (int i = 0; i < locations.size(); i++) {
            if (contract.location(locations.get(i)).isEmpty()) {
                v.add("locations[" + i + "]", "is not a location of the contract");
            }
        }
        v.required("startsAt", r.startsAt());
        if (r.startsAt() != null && r.endsAt() != null && !r.endsAt().isAfter(r.startsAt())) {
            v.add("endsAt", "must be after startsAt");
        }
        v.throwIfAny();
        body.put("skus", skus);
        body.put("styles", styles);
        body.put("categories", categories);
        body.put("channels", channels);
        body.put("locations", locations);
        body.put("startsAt", r.startsAt().toString());
        body.put("endsAt", r.endsAt() == null ? null : r.endsAt().toString());
        Promotions.Published published = promotions.publish(promotionId, body, Hashing.sha256Hex(json.writeValueAsString(body)),
                r.startsAt(), r.endsAt(), caller.name());
        return Map.of("promotionId", promotionId, "revision", published.revision());
    }

    @GetMapping("/{promotionId}")
    JsonNode get(@PathVariable String promotionId) {
        return promotions.current(promotionId).orElseThrow(() -> ProblemException.notFound("No promotion '" + promotionId + "'"));
    }

    private static BigDecimal parsePercent(String value) {
        if (!value.matches("\\d{1,3}(\\.\\d{1,2})?")) {
            throw new IllegalArgumentException("must be a percentage such as \"20\" or \"12.5\", as a string");
        }
        BigDecimal percent = new BigDecimal(value);
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("must be more than 0 and at most 100");
        }
        return percent;
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values.stream().filter(s -> s != null && !s.isBlank()).toList();
    }
}
