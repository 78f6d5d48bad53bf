package io.selvedge.inventory.web;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.contract.ContractGuard;
import io.selvedge.inventory.AvailabilityRow;
import io.selvedge.inventory.MovementRecorded;
import io.selvedge.inventory.RecordMovement;
import io.selvedge.inventory.SampleReturns;
import io.selvedge.inventory.StockAvailability;
import io.selvedge.inventory.UnitLedger;
import io.selvedge.inventory.domain.MovementKind;
import io.selvedge.inventory.domain.Movements;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.IdempotentWrites;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Movements, availability, the broadcast feed and oversells (API.md, Inventory). */
@RestController
@RequestMapping("/api/v1/inventory")
class InventoryController {

    private static final List<String> TYPES = List.of("RECEIPT", "DAMAGE", "SAMPLE", "SAMPLE_RETURN", "COUNT", "ADJUSTMENT");

    private final UnitLedger ledger;
    private final SampleReturns sampleReturns;
    private final StockAvailability availability;
    private final IdempotentWrites idempotent;
    private final ContractGuard guard;
    private final CatalogLookup catalog;
    private final JsonMapper json;
    private final Clock clock;

    InventoryController(UnitLedger ledger, SampleReturns sampleReturns, StockAvailability availability, IdempotentWrites idempotent,
                        ContractGuard guard, CatalogLookup catalog, JsonMapper json, Clock clock) {
        this.ledger = ledger;
        this.sampleReturns = sampleReturns;
        this.availability = availability;
        this.idempotent = idempotent;
        this.guard = guard;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/movements")
    ResponseEntity<String> record(Caller caller, @RequestBody MovementRequest request) {
        Violations v = new Violations();
        MovementKind kind = null;
        if (v.required("type", request.type())) {
            if (TYPES.contains(request.type())) {
                kind = MovementKind.valueOf(request.type());
            } else {
                v.add("type", "must be one of " + String.join(", ", TYPES));
            }
        }
        boolean knownLocation = knownLocation(v, request.location());
        if (kind != null && knownLocation) {
            guard.requireWriter(caller, kind.message(), request.location());
        }
        Requests.id(v, "movementId", request.movementId());
        if (v.required("occurredAt", request.occurredAt())) {
            v.moment("occurredAt", request.occurredAt(), clock.instant());
        }
        v.text("reason", request.reason(), 400);
        Requests.Quantity rule = kind == MovementKind.COUNT ? Requests.Quantity.COUNTED
                : kind == MovementKind.ADJUSTMENT ? Requests.Quantity.SIGNED : Requests.Quantity.POSITIVE;
        List<Movements.Line> lines = Requests.lines(v, request.lines(), rule, catalog);
        v.throwIfAny();

        RecordMovement command = new RecordMovement(request.movementId(), kind, request.location(), request.occurredAt(),
                request.reason(), lines);
        String bodyHash = Hashing.sha256Hex(json.writeValueAsString(request));
        WriteResult result = idempotent.write("inventory.movement", request.movementId(), bodyHash,
                () -> WriteResult.first(201, json.writeValueAsString(body(command.kind() == MovementKind.SAMPLE_RETURN
                        ? sampleReturns.record(command) : ledger.record(command)))));
        return Requests.answer(result);
    }

    @GetMapping("/availability")
    List<Map<String, Object>> availability(@RequestParam(required = false) String location, @RequestParam(required = false) String sku,
                                           @RequestParam(required = false) String channel) {
        Violations v = new Violations();
        if (location != null) {
            knownLocation(v, location);
        }
        Contract.Channel pool = null;
        if (channel != null) {
            pool = guard.contract().channel(channel).orElse(null);
            if (pool == null) {
                v.add("channel", "is not a channel in the contract");
            }
            if (location != null) {
                v.add("location", "cannot be combined with channel: a channel's row sums its own locations");
            }
        }
        v.throwIfAny();
        if (pool != null) {
            return availability.channel(pool, blankToNull(sku)).stream().map(StockAvailability.ChannelRow::toMap).toList();
        }
        return availability.rows(location, blankToNull(sku)).stream().map(AvailabilityRow::toMap).toList();
    }

    /** The longest a reader may hold a long poll of the feed open. */
    static final long MAX_WAIT_MS = 30_000;

    @GetMapping("/availability/changes")
    Map<String, Object> changes(@RequestParam(required = false) Long after, @RequestParam(required = false) String location,
                                @RequestParam(required = false) Integer limit, @RequestParam(required = false) Long waitMs)
            throws InterruptedException {
        Violations v = new Violations();
        if (after != null && after < 0) {
            v.add("after", "must be a sequence, zero or more");
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            v.add("limit", "must be between 1 and 1000");
        }
        if (waitMs != null && (waitMs < 0 || waitMs > MAX_WAIT_MS)) {
            v.add("waitMs", "must be between 0 and " + MAX_WAIT_MS);
        }
        if (location != null) {
            knownLocation(v, location);
        }
        v.throwIfAny();
        StockAvailability.Changes changes = availability.awaitChanges(after == null ? 0 : after, location, limit == null ? 100 : limit,
                waitMs == null ? 0 : waitMs);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("changes", changes.changes().stream().map(AvailabilityRow::toMap).toList());
        body.put("next", changes.next());
        return body;
    }

    @GetMapping("/oversells")
    List<Map<String, Object>> oversells(@RequestParam(required = false) String location, @RequestParam(required = false) Integer limit) {
        Violations v = new Violations();
        if (location != null) {
            knownLocation(v, location);
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            v.add("limit", "must be between 1 and 1000");
        }
        v.throwIfAny();
        return availability.oversells(location, limit == null ? 100 : limit).stream().map(o -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("movementId", o.movementId());
            row.put("location", o.location());
            row.put("sku", o.sku());
            row.put("quantity", o.quantity());
            row.put("onHand", o.onHand());
            row.put("occurredAt", o.occurredAt().toString());
            row.put("recordedAt", o.recordedAt().toString());
            return row;
        }).toList();
    }

    private boolean knownLocation(Violations v, String location) {
        if (!v.required("location", location)) {
            return false;
        }
        if (guard.contract().location(location).isEmpty()) {
            v.add("location", "is not a location in the contract");
            return false;
        }
        return true;
    }

    private static Map<String, Object> body(MovementRecorded recorded) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("movementId", recorded.movementId());
        body.put("sequence", recorded.sequence());
        body.put("lines", recorded.lines().stream().map(l -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", l.sku());
            line.put("onHand", l.onHand());
            line.put("available", l.available());
            return line;
        }).toList());
        return body;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
