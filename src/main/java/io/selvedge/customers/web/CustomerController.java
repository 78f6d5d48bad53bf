package io.selvedge.customers.web;

import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.contract.ContractGuard;
import io.selvedge.customers.CustomerView;
import io.selvedge.customers.Customers;
import io.selvedge.customers.LoyaltyStatement;
import io.selvedge.customers.PostLoyalty;
import io.selvedge.customers.RecordCustomer;
import io.selvedge.customers.domain.CustomerField;
import io.selvedge.customers.domain.EmailAddress;
import io.selvedge.customers.domain.LoyaltyBalances;
import io.selvedge.customers.domain.PhoneNumber;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/customers")
class CustomerController {

    /**
     * Who may send each customer message when the contract's {@code writes:} does not list it: any system may
     * submit customer details (the hub decides what they mean); loyalty points come from where customers earn and
     * spend them (the back office, the stores, the web shop); unmerge is for operations and the back office;
     * erasure, a legal act, for operations.
     */
    static final Map<String, Set<String>> DEFAULT_WRITERS = Map.of(
            "customer.loyalty", Set.of("erp", "pos", "web"),
            "customer.unmerge", Set.of("ops", "erp"),
            "customer.erasure", Set.of("ops"));

    /** The contract's name for the points, so a brand can give them to one system (e.g. its loyalty platform). */
    static final String LOYALTY_FIELD = "customer.loyaltyPoints";

    private static final String MOVEMENT_ID_PATTERN = "[A-Za-z0-9._/#:-]{1,100}";
    private static final int MAX_REASON_LENGTH = 200;
    private static final int MAX_PAGE = 1000;

    private static final String SOURCE_PATTERN = "[A-Za-z0-9._:-]{1,64}";

    private final Customers customers;
    private final ContractGuard guard;
    private final JsonMapper json;

    CustomerController(Customers customers, ContractGuard guard, JsonMapper json) {
        this.customers = customers;
        this.guard = guard;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> record(Caller caller, @RequestBody CustomerRequest request) {
        requireWriter(caller, "customer.record");
        requireOwners(caller, request);
        RecordCustomer command = validate(caller, request);
        Customers.Recorded recorded = customers.record(command);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", recorded.customerId());
        body.put("matchedBy", recorded.matchedBy());
        return respond(recorded.created() ? 201 : 200, recorded.replay(), body);
    }

    @GetMapping("/{customerId}")
    CustomerView get(@PathVariable String customerId) {
        return customers.find(customerId).orElseThrow(() -> ProblemException.notFound("No customer with id '" + customerId + "'"));
    }

    @GetMapping
    CustomerView bySource(@RequestParam(required = false) String source, @RequestParam(required = false) String sourceId) {
        Violations v = new Violations();
        v.required("source", source);
        v.required("sourceId", sourceId);
        v.throwIfAny();
        return customers.findBySource(source, sourceId).orElseThrow(() ->
                ProblemException.notFound("No customer is linked to " + source + " id '" + sourceId + "'"));
    }

    @GetMapping("/{customerId}/merges")
    List<Customers.MergeAudit> merges(@PathVariable String customerId) {
        return customers.merges(customerId).orElseThrow(() -> ProblemException.notFound("No customer with id '" + customerId + "'"));
    }

    @PostMapping("/{customerId}/unmerge")
    ResponseEntity<Map<String, Object>> unmerge(Caller caller, @PathVariable String customerId) {
        requireWriter(caller, "customer.unmerge");
        Customers.Unmerged unmerged = customers.unmerge(customerId, caller.name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", unmerged.customerId());
        body.put("unmergedFrom", unmerged.unmergedFrom());
        body.put("mergeId", unmerged.mergeId());
        body.put("mergedFrom", unmerged.aliases());
        return respond(200, unmerged.replay(), body);
    }

    @PostMapping("/{customerId}/erasure")
    ResponseEntity<Map<String, Object>> erase(Caller caller, @PathVariable String customerId) {
        requireWriter(caller, "customer.erasure");
        Customers.Erased erased = customers.erase(customerId, caller.name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", erased.customerId());
        body.put("status", "ERASED");
        body.put("erasedIds", erased.erasedIds());
        body.put("erasedAt", erased.erasedAt().toString());
        return respond(200, erased.replay(), body);
    }

    @PostMapping("/{customerId}/loyalty")
    ResponseEntity<String> postLoyalty(Caller caller, @PathVariable String customerId, @RequestBody LoyaltyRequest request) {
        requireWriter(caller, "customer.loyalty");
        if (!Contract.HUB.equals(guard.contract().ownerOf(LOYALTY_FIELD))) {
            guard.requireOwner(caller, LOYALTY_FIELD);
        }
        Violations v = new Violations();
        if (v.required("movementId", request.movementId()) && !request.movementId().matches(MOVEMENT_ID_PATTERN)) {
            v.add("movementId", "must be 1 to 100 letters, digits, '.', '_', '/', '#', ':' or '-'");
        }
        long points = points(v, request.points());
        if (request.reason() != null && (request.reason().length() > MAX_REASON_LENGTH
                || request.reason().chars().anyMatch(Character::isISOControl))) {
            v.add("reason", "must be at most " + MAX_REASON_LENGTH + " characters, without control characters");
        }
        v.required("occurredAt", request.occurredAt());
        v.throwIfAny();
        // The customer is part of what the movement says: the same id for another customer is a conflict, not a replay.
        String bodyHash = Hashing.sha256Hex(customerId + "\n" + json.writeValueAsString(request));
        WriteResult result = customers.postLoyalty(new PostLoyalty(request.movementId(), customerId, points, blankToNull(request.reason()),
                request.occurredAt(), caller.name(), bodyHash));
        var response = ResponseEntity.status(result.status())
                .contentType(result.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (result.replay()) {
            response.header("Idempotent-Replay", "true");
        }
        return response.body(result.json());
    }

    @GetMapping("/{customerId}/loyalty")
    LoyaltyStatement loyalty(@PathVariable String customerId, @RequestParam(required = false) Long before,
                             @RequestParam(required = false) Integer limit) {
        Violations v = new Violations();
        if (before != null && before < 1) {
            v.add("before", "must be an entry number, 1 or more");
        }
        if (limit != null && (limit < 1 || limit > MAX_PAGE)) {
            v.add("limit", "must be between 1 and " + MAX_PAGE);
        }
        v.throwIfAny();
        return customers.loyalty(customerId, before, limit == null ? 100 : limit)
                .orElseThrow(() -> ProblemException.notFound("No customer with id '" + customerId + "'"));
    }

    /** A whole number of points, not zero, within a movement's bound; a node so that 12.5 is refused, not cut to 12. */
    private static long points(Violations v, tools.jackson.databind.JsonNode points) {
        if (points == null || points.isNull() || points.isMissingNode()) {
            v.add("points", "is required");
            return 0;
        }
        if (!points.isIntegralNumber() || !points.canConvertToLong()) {
            v.add("points", "must be a whole number (positive: earned, negative: redeemed)");
            return 0;
        }
        long value = points.longValue();
        if (value == 0) {
            v.add("points", "must not be zero");
        } else if (value < -LoyaltyBalances.MAX_POINTS || value > LoyaltyBalances.MAX_POINTS) {
            v.add("points", "must be at most " + LoyaltyBalances.MAX_POINTS + " either way");
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The contract's {@code writes:} decides when it lists the message; otherwise {@link #DEFAULT_WRITERS}. */
    private void requireWriter(Caller caller, String message) {
        Set<String> defaults = DEFAULT_WRITERS.get(message);
        boolean listed = guard.contract().writes().containsKey(message);
        if (listed || (defaults != null && !defaults.contains(caller.name()))) {
            guard.requireWriter(caller, message);
        }
    }

    /** customer.* is the hub's, so any system may submit it; a field the contract gives to one system is that system's only. */
    private void requireOwners(Caller caller, CustomerRequest r) {
        Map<CustomerField, String> given = new LinkedHashMap<>();
        given.put(CustomerField.EMAIL, r.email());
        given.put(CustomerField.PHONE, r.phone());
        given.put(CustomerField.FIRST_NAME, r.firstName());
        given.put(CustomerField.LAST_NAME, r.lastName());
        given.put(CustomerField.LOYALTY_TIER, r.loyaltyTier());
        given.forEach((field, value) -> {
            if (value != null && customers.specificOwner(field) != null) {
                guard.requireOwner(caller, field.contractName());
            }
        });
    }

    private RecordCustomer validate(Caller caller, CustomerRequest r) {
        Violations v = new Violations();
        if (v.required("source", r.source()) && !r.source().matches(SOURCE_PATTERN)) {
            v.add("source", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
        }
        String sourceId = r.sourceId() == null ? null : r.sourceId().strip();
        if (sourceId != null && (sourceId.isEmpty() || sourceId.length() > 128 || sourceId.chars().anyMatch(Character::isISOControl))) {
            v.add("sourceId", "must be 1 to 128 characters, without control characters");
        }
        if (r.location() != null && guard.contract().location(r.location()).isEmpty()) {
            v.add("location", "is not a location of the contract");
        }
        String region = customers.defaultCountry(caller.system(), r.location());
        EmailAddress email = blank(r.email()) ? null : v.attempt("email", () -> customers.email(r.email()));
        PhoneNumber phone = blank(r.phone()) ? null : v.attempt("phone", () -> PhoneNumber.parse(r.phone(), region));
        checkLength(v, "firstName", r.firstName(), 200);
        checkLength(v, "lastName", r.lastName(), 200);
        checkLength(v, "loyaltyTier", r.loyaltyTier(), 64);
        if (blank(r.email()) && blank(r.phone()) && sourceId == null) {
            v.add("email", "an email, a phone or a sourceId is required to identify the customer");
        }
        v.throwIfAny();
        String bodyHash = Hashing.sha256Hex(json.writeValueAsString(r));
        return new RecordCustomer(caller.name(), r.source(), sourceId, email, phone, r.firstName(), r.lastName(), r.loyaltyTier(),
                bodyHash);
    }

    private static void checkLength(Violations v, String field, String value, int max) {
        v.text(field, value, max); // and no control characters: PostgreSQL refuses NUL in text
    }

    private static ResponseEntity<Map<String, Object>> respond(int status, boolean replay, Map<String, Object> body) {
        var response = ResponseEntity.status(replay ? 200 : status);
        if (replay) {
            response.header("Idempotent-Replay", "true");
        }
        return response.body(body);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
