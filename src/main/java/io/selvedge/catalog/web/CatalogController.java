package io.selvedge.catalog.web;

import io.selvedge.catalog.Catalog;
import io.selvedge.catalog.PublishStyle;
import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final StyleRules rules;

    CatalogController(Catalog catalog, io.selvedge.catalog.CatalogFeed feed, ContractGuard guard, JsonMapper json) {
        this.catalog = catalog;
        this.feed = feed;
        this.guard = guard;
        this.rules = new StyleRules(json, guard.contract());
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
        PublishStyle style = rules.check(styleCode, request, caller.name());
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

    /**
     * The whole snapshot as of a revision as NDJSON ({@code Accept: application/x-ndjson}), one variant a line, streamed;
     * the revision is in the {@code Selvedge-Catalog-As-Of} header. Promotions come with the JSON snapshot's first page.
     */
    @GetMapping(path = "/snapshot", produces = NDJSON)
    void snapshotStream(@RequestParam(required = false) Long asOf, jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        long current = feed.currentRevision();
        long revision = asOf == null ? current : asOf;
        if (revision < 0 || revision > current) {
            throw ProblemException.invalid("asOf", "must be a published revision (0 to " + current + ")");
        }
        response.setContentType(NDJSON);
        response.setBufferSize(1 << 16); // fewer, larger socket writes for a stream of tens of megabytes
        response.setHeader("Selvedge-Catalog-As-Of", Long.toString(revision));
        // written on this request thread, not as an async body: a million variants outlast an async timeout
        feed.writeSnapshot(revision, response.getOutputStream());
    }

    private static final String NDJSON = "application/x-ndjson";

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

}
