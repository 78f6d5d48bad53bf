package io.selvedge.inventory.web;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.inventory.PosSnapshots;
import io.selvedge.inventory.domain.Movements;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.IdempotentWrites;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import java.time.Clock;
import java.time.Duration;
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

/**
 * POS snapshots and drift (API.md, Inventory). A snapshot is idempotent by its location and {@code asOf}: the same
 * report again returns the first answer, another report for the same moment is a 409. Reads are open to every system.
 */
@RestController
@RequestMapping("/api/v1/inventory")
class DriftController {

    /** A whole store's SKUs in one report. */
    static final int MAX_SNAPSHOT_LINES = 20_000;
    /** A snapshot is of a moment that has happened; this only absorbs clock skew. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final PosSnapshots snapshots;
    private final SnapshotWriters writers;
    private final IdempotentWrites idempotent;
    private final ContractGuard guard;
    private final CatalogLookup catalog;
    private final JsonMapper json;
    private final Clock clock;

    DriftController(PosSnapshots snapshots, SnapshotWriters writers, IdempotentWrites idempotent, ContractGuard guard,
                    CatalogLookup catalog, JsonMapper json, Clock clock) {
        this.snapshots = snapshots;
        this.writers = writers;
        this.idempotent = idempotent;
        this.guard = guard;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/pos-snapshots")
    ResponseEntity<String> record(Caller caller, @RequestBody PosSnapshotRequest request) {
        Violations v = new Violations();
        if (knownLocation(v, request.location())) {
            writers.require(caller, request.location());
        } else {
            writers.require(caller);
        }
        if (v.required("asOf", request.asOf()) && request.asOf().isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            v.add("asOf", "is in the future: a snapshot is of a moment that has happened");
        } else if (request.asOf() != null) {
            v.moment("asOf", request.asOf(), clock.instant());
        }
        List<Movements.Line> lines = Requests.lines(v, request.lines(), Requests.Quantity.COUNTED, catalog, MAX_SNAPSHOT_LINES);
        v.throwIfAny();
        PosSnapshots.RecordPosSnapshot command = new PosSnapshots.RecordPosSnapshot(request.location(), request.asOf(), lines, caller.name());
        WriteResult result = idempotent.write("inventory.pos-snapshot", request.location() + "|" + request.asOf(),
                Hashing.sha256Hex(json.writeValueAsString(request)),
                () -> WriteResult.first(201, json.writeValueAsString(body(snapshots.record(command)))));
        return Requests.answer(result);
    }

    @GetMapping("/drift")
    List<Map<String, Object>> drift(@RequestParam(required = false) String location, @RequestParam(required = false) String sku) {
        Violations v = new Violations();
        if (location != null) {
            knownLocation(v, location);
        }
        v.throwIfAny();
        return snapshots.drift(location, sku == null || sku.isBlank() ? null : sku).stream().map(DriftController::row).toList();
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

    private static Map<String, Object> body(PosSnapshots.Recorded recorded) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("location", recorded.location());
        body.put("asOf", recorded.asOf().toString());
        body.put("skus", recorded.skus());
        body.put("drifting", recorded.drifting());
        return body;
    }

    private static Map<String, Object> row(PosSnapshots.Drift drift) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("location", drift.location());
        row.put("sku", drift.sku());
        row.put("asOf", drift.asOf().toString());
        row.put("posOnHand", drift.posOnHand());
        row.put("ledgerOnHand", drift.ledgerOnHand());
        row.put("difference", drift.difference());
        row.put("ledgerOnHandNow", drift.ledgerOnHandNow());
        row.put("movementsAfter", drift.movementsAfter().stream().map(m -> {
            Map<String, Object> movement = new LinkedHashMap<>();
            movement.put("movementId", m.movementId());
            movement.put("type", m.type());
            movement.put("occurredAt", m.occurredAt().toString());
            movement.put("onHandEffect", m.onHandEffect());
            return movement;
        }).toList());
        row.put("explainedBy", drift.explainedBy());
        return row;
    }
}
