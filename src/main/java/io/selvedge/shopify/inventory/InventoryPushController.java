package io.selvedge.shopify.inventory;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The push, for operations: {@code GET /api/v1/shopify/inventory} (state, what is owed and refused, the rate limit as
 * last seen); {@code PUT /api/v1/shopify/inventory-items} maps SKUs to Shopify inventory items by hand (the products
 * webhooks do it otherwise); {@code POST /api/v1/shopify/inventory/resync} makes every mapped SKU owe a push.
 */
@RestController
@RequestMapping("/api/v1/shopify")
class InventoryPushController {

    /** Who may map and resync when the contract's {@code writes:} does not list {@code shopify.inventory}. */
    static final Set<String> DEFAULT_WRITERS = Set.of("ops", "web");
    static final String MESSAGE = "shopify.inventory";

    private final InventoryPush push;
    private final JdbcShopifyInventory inventory;
    private final CatalogLookup catalog;
    private final ContractGuard guard;
    private final WriteTransactions writes;
    private final Clock clock;

    InventoryPushController(InventoryPush push, JdbcShopifyInventory inventory, CatalogLookup catalog, ContractGuard guard,
                            WriteTransactions writes, Clock clock) {
        this.push = push;
        this.inventory = inventory;
        this.catalog = catalog;
        this.guard = guard;
        this.writes = writes;
        this.clock = clock;
    }

    record Mapping(String sku, String inventoryItemId) {
    }

    record MappingRequest(List<Mapping> items) {
    }

    @GetMapping("/inventory")
    Map<String, Object> status() {
        return push.status();
    }

    @PutMapping("/inventory-items")
    Map<String, Object> map(Caller caller, @RequestBody MappingRequest request) {
        requireWriter(caller);
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.items() == null || request.items().isEmpty() || request.items().size() > 5000) {
            errors.add(new FieldError("items", "must list 1 to 5000 mappings"));
        } else {
            Set<String> known = catalog.variants(request.items().stream().filter(m -> m != null && m.sku() != null).map(Mapping::sku).toList())
                    .keySet();
            for (int i = 0; i < request.items().size(); i++) {
                Mapping m = request.items().get(i);
                if (m == null || m.sku() == null || !known.contains(m.sku())) {
                    errors.add(new FieldError("items[" + i + "].sku", "is not in the catalogue"));
                }
                if (m == null || m.inventoryItemId() == null || !m.inventoryItemId().matches("[1-9][0-9]{0,23}")) {
                    errors.add(new FieldError("items[" + i + "].inventoryItemId", "must be Shopify's inventory item id (digits)"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ErrorCode.VALIDATION, errors.get(0).field() + " " + errors.get(0).message(), errors);
        }
        Instant now = clock.instant();
        int changed = writes.write(() -> {
            int n = 0;
            for (Mapping m : request.items()) {
                n += inventory.mapItem(m.sku(), m.inventoryItemId(), now) ? 1 : 0;
            }
            return n;
        });
        push.wake();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mapped", request.items().size());
        out.put("changed", changed);
        return out;
    }

    @PostMapping("/inventory/resync")
    Map<String, Object> resync(Caller caller) {
        requireWriter(caller);
        int owed = writes.write(inventory::resync);
        push.wake();
        return Map.of("owed", owed);
    }

    private void requireWriter(Caller caller) {
        if (!guard.contract().writersOf(MESSAGE).isEmpty() || !DEFAULT_WRITERS.contains(caller.name())) {
            guard.requireWriter(caller, MESSAGE);
        }
    }
}
