package io.selvedge.inventory.web;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.contract.ContractGuard;
import io.selvedge.inventory.HoldOutcome;
import io.selvedge.inventory.Shortage;
import io.selvedge.inventory.StockHolds;
import io.selvedge.inventory.domain.Hold;
import io.selvedge.inventory.domain.HeldLine;
import io.selvedge.inventory.domain.HoldId;
import io.selvedge.inventory.domain.Movements;
import io.selvedge.inventory.domain.PendingHold;
import io.selvedge.inventory.domain.PostedHold;
import io.selvedge.inventory.domain.VoidedHold;
import io.selvedge.inventory.jdbc.JdbcHolds;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.IdempotentWrites;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Allocations (wholesale pre-books) and reservations (channel checkout holds), API.md Inventory. */
@RestController
@RequestMapping("/api/v1/inventory")
class HoldsController {

    private static final String ALLOCATION = "inventory.allocation";
    private static final String RESERVATION = "inventory.reservation";
    private static final long MAX_TTL_SECONDS = 86_400;

    private final StockHolds holds;
    private final IdempotentWrites idempotent;
    private final ContractGuard guard;
    private final CatalogLookup catalog;
    private final JsonMapper json;

    HoldsController(StockHolds holds, IdempotentWrites idempotent, ContractGuard guard, CatalogLookup catalog, JsonMapper json) {
        this.holds = holds;
        this.idempotent = idempotent;
        this.guard = guard;
        this.catalog = catalog;
        this.json = json;
    }

    @PostMapping("/allocations")
    ResponseEntity<String> allocate(Caller caller, @RequestBody AllocationRequest request) {
        Violations v = new Violations();
        if (v.required("location", request.location()) && guard.contract().location(request.location()).isEmpty()) {
            v.add("location", "is not a location in the contract");
        }
        if (v.isEmpty()) {
            requireAllocator(caller, request.location());
        } else {
            guard.requireWriter(caller, ALLOCATION);
        }
        Requests.id(v, "allocationId", request.allocationId());
        v.requiredText("account", request.account(), 200);
        List<Movements.Line> lines = Requests.lines(v, request.lines(), Requests.Quantity.POSITIVE, catalog);
        v.throwIfAny();
        StockHolds.PlaceAllocation command = new StockHolds.PlaceAllocation(request.allocationId(), request.account(), request.location(), lines);
        return holdWrite(ALLOCATION, request.allocationId(), Hashing.sha256Hex(json.writeValueAsString(request)), 201,
                () -> holds.allocate(command), this::allocationBody);
    }

    @PostMapping("/allocations/{allocationId}/release")
    ResponseEntity<String> releaseAllocation(Caller caller, @PathVariable String allocationId) {
        HoldId id = allocationFor(caller, allocationId);
        return holdWrite(ALLOCATION + ".release", allocationId, Hashing.sha256Hex("release"), 200, () -> holds.release(id),
                this::allocationBody);
    }

    @PostMapping("/allocations/{allocationId}/fulfil")
    ResponseEntity<String> fulfilAllocation(Caller caller, @PathVariable String allocationId) {
        allocationFor(caller, allocationId);
        return holdWrite(ALLOCATION + ".fulfil", allocationId, Hashing.sha256Hex("fulfil"), 200, () -> holds.fulfil(allocationId),
                this::allocationBody);
    }

    @GetMapping("/allocations/{allocationId}")
    Map<String, Object> allocation(@PathVariable String allocationId) {
        HoldId id = new HoldId(HoldId.Kind.ALLOCATION, allocationId);
        return allocationBody(new HoldOutcome.Done(holds.find(id).orElseThrow(() -> unknown(id)), 0));
    }

    @PostMapping("/reservations")
    ResponseEntity<String> reserve(Caller caller, @RequestBody ReservationRequest request) {
        Violations v = new Violations();
        Contract.Channel channel = null;
        if (v.required("channel", request.channel())) {
            channel = guard.contract().channel(request.channel()).orElse(null);
            if (channel == null) {
                v.add("channel", "is not a channel in the contract");
            }
        }
        if (channel != null) {
            guard.requireChannel(caller, RESERVATION, channel.code());
        } else {
            guard.requireWriter(caller, RESERVATION);
        }
        Requests.id(v, "reservationId", request.reservationId());
        if (request.ttlSeconds() != null && (request.ttlSeconds() < 1 || request.ttlSeconds() > MAX_TTL_SECONDS)) {
            v.add("ttlSeconds", "must be between 1 and " + MAX_TTL_SECONDS);
        }
        List<Movements.Line> lines = Requests.lines(v, request.lines(), Requests.Quantity.POSITIVE, catalog);
        v.throwIfAny();
        Duration ttl = request.ttlSeconds() != null ? Duration.ofSeconds(request.ttlSeconds()) : defaultTtl();
        StockHolds.PlaceReservation command = new StockHolds.PlaceReservation(request.reservationId(), channel.code(), lines, ttl);
        return holdWrite(RESERVATION, request.reservationId(), Hashing.sha256Hex(json.writeValueAsString(request)), 201,
                () -> holds.reserve(command), this::reservationBody);
    }

    @PostMapping("/reservations/{reservationId}/release")
    ResponseEntity<String> releaseReservation(Caller caller, @PathVariable String reservationId) {
        HoldId id = new HoldId(HoldId.Kind.RESERVATION, reservationId);
        JdbcHolds.Stored stored = holds.find(id).orElseThrow(() -> unknown(id));
        guard.requireChannel(caller, RESERVATION, stored.channel());
        return holdWrite(RESERVATION + ".release", reservationId, Hashing.sha256Hex("release"), 200, () -> holds.release(id),
                this::reservationBody);
    }

    @GetMapping("/reservations/{reservationId}")
    Map<String, Object> reservation(@PathVariable String reservationId) {
        HoldId id = new HoldId(HoldId.Kind.RESERVATION, reservationId);
        return reservationBody(new HoldOutcome.Done(holds.find(id).orElseThrow(() -> unknown(id)), 0));
    }

    /**
     * Runs a hold change once per (scope, id). A refusal (short, conflict, unknown) is decided inside the write but
     * answered after it, so it neither rolls back a group of neighbours nor is remembered as the answer.
     */
    private ResponseEntity<String> holdWrite(String scope, String key, String bodyHash, int status, Supplier<HoldOutcome> change,
                                             Function<HoldOutcome.Done, Map<String, Object>> body) {
        AtomicReference<HoldOutcome> refused = new AtomicReference<>();
        WriteResult result = idempotent.write(scope, key, bodyHash, () -> {
            HoldOutcome outcome = change.get();
            if (outcome instanceof HoldOutcome.Done done) {
                refused.set(null);
                return WriteResult.first(status, json.writeValueAsString(body.apply(done)));
            }
            refused.set(outcome);
            return new WriteResult(409, null, false);
        });
        HoldOutcome refusal = refused.get();
        if (!result.replay() && refusal != null) {
            throw problem(refusal);
        }
        return Requests.answer(result);
    }

    private static ProblemException problem(HoldOutcome refusal) {
        if (refusal instanceof HoldOutcome.Short s) {
            String detail = "Not enough available to hold: " + s.shortages().stream()
                    .map(x -> x.sku() + " (asked " + x.requested() + ", available " + x.available() + ")")
                    .collect(Collectors.joining(", ")) + "; nothing was held";
            List<Map<String, Object>> shortages = s.shortages().stream().map(HoldsController::shortage).toList();
            return new ProblemException(ErrorCode.INSUFFICIENT_STOCK, detail, List.of(), Map.of("shortages", shortages));
        }
        if (refusal instanceof HoldOutcome.Conflict c) {
            return new ProblemException(ErrorCode.STATE_CONFLICT, c.detail());
        }
        return unknown(((HoldOutcome.Unknown) refusal).id());
    }

    private static Map<String, Object> shortage(Shortage s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sku", s.sku());
        row.put("requested", s.requested());
        row.put("available", s.available());
        return row;
    }

    /** The caller sends allocations and speaks for the location, itself or through a channel selling from it. */
    private void requireAllocator(Caller caller, String location) {
        guard.requireWriter(caller, ALLOCATION);
        boolean throughChannel = guard.contract().channels().values().stream()
                .anyMatch(c -> caller.system().sellsThrough(c.code()) && c.locations().contains(location));
        if (!throughChannel) {
            guard.requireWriter(caller, ALLOCATION, location);
        }
    }

    private HoldId allocationFor(Caller caller, String allocationId) {
        guard.requireWriter(caller, ALLOCATION);
        HoldId id = new HoldId(HoldId.Kind.ALLOCATION, allocationId);
        JdbcHolds.Stored stored = holds.find(id).orElseThrow(() -> unknown(id));
        requireAllocator(caller, stored.hold().lines().get(0).location());
        return id;
    }

    private Duration defaultTtl() {
        String policy = guard.contract().policy("reservationDefaultTtl", "600s").trim();
        try {
            return policy.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(policy)) : Duration.parse("PT" + policy.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return Duration.ofMinutes(10);
        }
    }

    private Map<String, Object> allocationBody(HoldOutcome.Done done) {
        JdbcHolds.Stored stored = done.hold();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allocationId", stored.hold().id().reference());
        body.put("account", stored.account());
        body.put("location", stored.hold().lines().get(0).location());
        body.put("status", status(stored.hold()));
        body.put("lines", stored.hold().lines().stream().map(l -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", l.sku());
            line.put("quantity", l.quantity());
            return line;
        }).toList());
        if (done.sequence() > 0) {
            body.put("sequence", done.sequence());
        }
        return body;
    }

    private Map<String, Object> reservationBody(HoldOutcome.Done done) {
        JdbcHolds.Stored stored = done.hold();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reservationId", stored.hold().id().reference());
        body.put("channel", stored.channel());
        body.put("status", status(stored.hold()));
        body.put("expiresAt", stored.expiresAt() == null ? null : stored.expiresAt().toString());
        body.put("lines", stored.hold().lines().stream().map(HoldsController::heldLine).toList());
        if (done.sequence() > 0) {
            body.put("sequence", done.sequence());
        }
        return body;
    }

    private static Map<String, Object> heldLine(HeldLine l) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("sku", l.sku());
        line.put("location", l.location());
        line.put("quantity", l.quantity());
        return line;
    }

    /** HELD, then FULFILLED (allocation) or CONSUMED (reservation), or RELEASED or EXPIRED. */
    private static String status(Hold hold) {
        if (hold instanceof PendingHold) {
            return "HELD";
        }
        if (hold instanceof PostedHold) {
            return hold.id().kind() == HoldId.Kind.ALLOCATION ? "FULFILLED" : "CONSUMED";
        }
        return ((VoidedHold) hold).reason().name();
    }

    private static ProblemException unknown(HoldId id) {
        return ProblemException.notFound("No " + id.kind().name().toLowerCase(Locale.ROOT) + " '" + id.reference() + "'");
    }
}
