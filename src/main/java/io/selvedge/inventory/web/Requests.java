package io.selvedge.inventory.web;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.inventory.domain.Movements;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The checks every inventory request shares: ids, lines against the catalogue, and idempotent answers. */
final class Requests {

    static final int MAX_LINES = 1000;

    private Requests() {
    }

    /** What a line's quantity may be, by kind of request; never beyond {@link Violations#MAX_QUANTITY} units either way. */
    enum Quantity {
        POSITIVE("must be a positive integer, at most " + Violations.MAX_QUANTITY),
        COUNTED("must be zero or more (the counted figure), at most " + Violations.MAX_QUANTITY),
        SIGNED("must not be zero (signed: negative for units lost), at most " + Violations.MAX_QUANTITY + " either way");

        private final String rule;

        Quantity(String rule) {
            this.rule = rule;
        }

        boolean allows(long quantity) {
            if (quantity < -Violations.MAX_QUANTITY || quantity > Violations.MAX_QUANTITY) {
                return false;
            }
            return switch (this) {
                case POSITIVE -> quantity > 0;
                case COUNTED -> quantity >= 0;
                case SIGNED -> quantity != 0;
            };
        }
    }

    /** Client-chosen ids: 1 to 100 letters, digits, '.', '_', '/', '#' or '-'. */
    static void id(Violations v, String field, String id) {
        if (v.required(field, id) && !id.matches("[A-Za-z0-9._/#-]{1,100}")) {
            v.add(field, "must be 1 to 100 letters, digits, '.', '_', '/', '#' or '-'");
        }
    }

    /** Validates lines (every bad one named) and returns the good ones. */
    static List<Movements.Line> lines(Violations v, List<LineRequest> lines, Quantity rule, CatalogLookup catalog) {
        return lines(v, lines, rule, catalog, MAX_LINES);
    }

    /** As above, with room for {@code maxLines} (a POS snapshot lists a whole store). */
    static List<Movements.Line> lines(Violations v, List<LineRequest> lines, Quantity rule, CatalogLookup catalog, int maxLines) {
        if (!v.required("lines", lines)) {
            return List.of();
        }
        if (lines.isEmpty()) {
            v.add("lines", "must list at least one line");
        } else if (lines.size() > maxLines) {
            v.add("lines", "must list at most " + maxLines + " lines");
            return List.of();
        }
        Set<String> skus = new HashSet<>();
        // only well-formed text reaches the catalogue's query: PostgreSQL fails on a NUL rather than finding nothing
        lines.stream().filter(Objects::nonNull).map(LineRequest::sku).filter(Objects::nonNull)
                .filter(sku -> sku.length() <= 64 && !Violations.hasControlCharacter(sku)).forEach(skus::add);
        Map<String, ?> known = catalog.variants(skus);
        Set<String> seen = new HashSet<>();
        List<Movements.Line> good = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String at = "lines[" + i + "]";
            LineRequest line = lines.get(i);
            if (line == null) {
                v.add(at, "is required");
                continue;
            }
            boolean ok = true;
            if (!v.requiredText(at + ".sku", line.sku(), 64)) {
                ok = false;
            } else if (!known.containsKey(line.sku())) {
                v.add(at + ".sku", "is not a SKU in the catalogue");
                ok = false;
            } else if (!seen.add(line.sku())) {
                v.add(at + ".sku", "is given twice: put the SKU's units on one line");
                ok = false;
            }
            Long quantity = null;
            if (v.required(at + ".quantity", line.quantity())) {
                quantity = integer(line.quantity());
                if (quantity == null) {
                    v.add(at + ".quantity", "must be an integer");
                } else if (!rule.allows(quantity)) {
                    v.add(at + ".quantity", rule.rule);
                    quantity = null;
                }
            }
            if (ok && quantity != null) {
                good.add(new Movements.Line(line.sku(), quantity));
            }
        }
        return good;
    }

    /** The number as a long, or null when it is not a whole number that fits. */
    private static Long integer(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof java.math.BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : null;
        }
        return null;
    }

    /** An idempotent write's answer: its status and JSON, and {@code Idempotent-Replay: true} on a replay (API.md). */
    static ResponseEntity<String> answer(WriteResult result) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(result.status()).contentType(MediaType.APPLICATION_JSON);
        if (result.replay()) {
            builder.header("Idempotent-Replay", "true");
        }
        return builder.body(result.json());
    }
}
