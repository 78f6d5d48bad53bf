package io.selvedge.transfers.web;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.IdempotentWrites;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.transfers.CreateTransfer;
import io.selvedge.transfers.ReceiveTransfer;
import io.selvedge.transfers.ShipTransfer;
import io.selvedge.transfers.TransferDocument;
import io.selvedge.transfers.TransferOutcome;
import io.selvedge.transfers.Transfers;
import io.selvedge.transfers.domain.Transfer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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

/**
 * Transfers between locations (API.md, Inventory). Each write is idempotent by the transfer's reference: the same body
 * again returns the first answer, another body is a 409; so a second, different receipt is refused. Reads are open to
 * every system with a key.
 */
@RestController
@RequestMapping("/api/v1/transfers")
class TransfersController {

    static final int MAX_LINES = 1000;
    /** A shipment or receipt has happened; this only absorbs clock skew between the store and the hub. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final Transfers transfers;
    private final TransferWriters writers;
    private final IdempotentWrites idempotent;
    private final WriteTransactions writes;
    private final Contract contract;
    private final CatalogLookup catalog;
    private final JsonMapper json;
    private final Clock clock;

    TransfersController(Transfers transfers, TransferWriters writers, IdempotentWrites idempotent, WriteTransactions writes, Contract contract,
                        CatalogLookup catalog, JsonMapper json, Clock clock) {
        this.writes = writes;
        this.transfers = transfers;
        this.writers = writers;
        this.idempotent = idempotent;
        this.contract = contract;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<String> create(Caller caller, @RequestBody TransferRequest request) {
        Violations v = new Violations();
        boolean fromKnown = knownLocation(v, "from", request.from());
        boolean toKnown = knownLocation(v, "to", request.to());
        if (fromKnown) {
            writers.require(caller, TransferWriters.CREATE, request.from());
        } else {
            writers.require(caller, TransferWriters.CREATE);
        }
        if (v.required("transferRef", request.transferRef()) && !request.transferRef().matches("[A-Za-z0-9._-]{1,100}")) {
            v.add("transferRef", "must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        if (fromKnown && toKnown && request.from().equals(request.to())) {
            v.add("to", "must be another location than from");
        }
        Map<String, Long> lines = lines(v, request.lines(), false);
        v.throwIfAny();
        CreateTransfer command = new CreateTransfer(request.transferRef(), request.from(), request.to(), lines, caller.name());
        return write("transfer", request.transferRef(), json.writeValueAsString(request), 201, () -> transfers.create(command), false);
    }

    @PostMapping("/{transferRef}/shipment")
    ResponseEntity<String> ship(Caller caller, @PathVariable String transferRef, @RequestBody(required = false) ShipmentRequest body) {
        Transfer transfer = existing(transferRef);
        writers.require(caller, TransferWriters.SHIP, transfer.header().from());
        ShipmentRequest request = body == null ? new ShipmentRequest(null, null) : body;
        Violations v = new Violations();
        Instant occurredAt = occurredAt(v, request.occurredAt());
        Map<String, Long> lines = request.lines() == null ? null : lines(v, request.lines(), false);
        v.throwIfAny();
        ShipTransfer command = new ShipTransfer(transferRef, lines, occurredAt, caller.name(), request.occurredAt() != null);
        return write("transfer.shipment", transferRef, json.writeValueAsString(request), 200, () -> transfers.ship(command), true);
    }

    /**
     * A receipt. One that arrives before the shipment, or before the transfer itself, is parked (202) and received once
     * the shipment is recorded; while the transfer is unknown only the right to send receipts is checked here, the
     * right to the destination when it is applied.
     */
    @PostMapping("/{transferRef}/receipt")
    ResponseEntity<String> receive(Caller caller, @PathVariable String transferRef, @RequestBody ReceiptRequest request) {
        var transfer = transfers.find(transferRef);
        if (transfer.isPresent()) {
            writers.require(caller, TransferWriters.RECEIVE, transfer.get().header().to());
        } else {
            writers.require(caller, TransferWriters.RECEIVE);
            if (!transferRef.matches("[A-Za-z0-9._-]{1,100}")) {
                throw unknown(transferRef); // no transfer can ever have this ref
            }
        }
        Violations v = new Violations();
        Instant occurredAt = occurredAt(v, request.occurredAt());
        Map<String, Long> lines = lines(v, request.lines(), true);
        v.throwIfAny();
        ReceiveTransfer command = new ReceiveTransfer(transferRef, lines, occurredAt, caller.name());
        String hash = Hashing.sha256Hex(json.writeValueAsString(request));
        AtomicReference<TransferOutcome> refused = new AtomicReference<>();
        WriteResult result = writes.write(() -> {
            // a parked receipt answers from its parking place; one with nothing to be received into yet is parked
            var parked = transfers.parkedAnswer(transferRef, hash);
            if (parked.isPresent()) {
                return parked.get();
            }
            if (transfers.awaitsShipment(transferRef)) {
                return transfers.parkReceipt(command, hash);
            }
            return idempotent.writeOnce("transfer.receipt", transferRef, hash, () -> outcome(transfers.receive(command), 200, true, refused));
        });
        if (IdempotentWrites.isConflict(result)) {
            throw new ProblemException(ErrorCode.IDEMPOTENCY_CONFLICT, "transfer.receipt '" + transferRef + "' was already received with a different body");
        }
        return answer(result, refused.get());
    }

    /** Parked receipts (status PENDING_SHIPMENT by default, APPLIED or REFUSED), oldest first; {@code overdue=true}: past the window. */
    @GetMapping("/receipts/parked")
    List<Map<String, Object>> parkedReceipts(@RequestParam(required = false) String status, @RequestParam(defaultValue = "false") boolean overdue) {
        String stored = status == null ? null : status.toUpperCase(Locale.ROOT);
        if (stored != null && !Set.of("PENDING_SHIPMENT", "APPLIED", "REFUSED").contains(stored)) {
            throw ProblemException.invalid("status", "must be PENDING_SHIPMENT, APPLIED or REFUSED");
        }
        return transfers.parkedReceipts("PENDING_SHIPMENT".equals(stored) ? null : stored, overdue);
    }

    @GetMapping("/{transferRef}")
    Map<String, Object> transfer(@PathVariable String transferRef) {
        return TransferDocument.of(existing(transferRef));
    }

    /**
     * Runs a change once per (scope, transfer). A refusal is decided inside the write but answered after it, so it
     * neither rolls back a group of neighbours nor is remembered as the answer (a receipt refused before the shipment
     * can be sent again once it has shipped).
     */
    private ResponseEntity<String> write(String scope, String transferRef, String body, int status, Supplier<TransferOutcome> change,
                                         boolean withSequence) {
        AtomicReference<TransferOutcome> refused = new AtomicReference<>();
        WriteResult result = idempotent.write(scope, transferRef, Hashing.sha256Hex(body),
                () -> outcome(change.get(), status, withSequence, refused));
        return answer(result, refused.get());
    }

    /** The outcome as a write's result; a refusal is kept aside (and is not remembered as the answer). */
    private WriteResult outcome(TransferOutcome outcome, int status, boolean withSequence, AtomicReference<TransferOutcome> refused) {
        if (outcome instanceof TransferOutcome.Done done) {
            refused.set(null);
            Map<String, Object> answer = TransferDocument.of(done.transfer());
            if (withSequence) {
                answer.put("sequence", done.sequence());
            }
            return WriteResult.first(status, json.writeValueAsString(answer));
        }
        refused.set(outcome);
        return new WriteResult(409, null, false);
    }

    private ResponseEntity<String> answer(WriteResult result, TransferOutcome refusal) {
        if (!result.replay() && refusal != null) {
            throw problem(refusal);
        }
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(result.status())
                .contentType(result.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (result.replay()) {
            builder.header("Idempotent-Replay", "true");
        }
        return builder.body(result.json());
    }

    private static ProblemException problem(TransferOutcome refusal) {
        if (refusal instanceof TransferOutcome.Unknown u) {
            return unknown(u.transferRef());
        }
        if (refusal instanceof TransferOutcome.Invalid i) {
            return ProblemException.invalid(i.field(), i.message());
        }
        return new ProblemException(ErrorCode.STATE_CONFLICT, ((TransferOutcome.Conflict) refusal).detail());
    }

    private Transfer existing(String transferRef) {
        return transfers.find(transferRef).orElseThrow(() -> unknown(transferRef));
    }

    private boolean knownLocation(Violations v, String field, String location) {
        if (!v.required(field, location)) {
            return false;
        }
        if (contract.location(location).isEmpty()) {
            v.add(field, "is not a location in the contract");
            return false;
        }
        return true;
    }

    /** The moment given, or now; in microseconds, as the database keeps it, so the answer reads back unchanged. */
    private Instant occurredAt(Violations v, Instant occurredAt) {
        Instant now = clock.instant();
        if (occurredAt == null) {
            return now.truncatedTo(ChronoUnit.MICROS);
        }
        if (occurredAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
            v.add("occurredAt", "is in the future");
        } else {
            v.moment("occurredAt", occurredAt, now);
        }
        return occurredAt.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Validates lines (every bad one named) and returns SKU to units in request order: each SKU once and in the
     * catalogue, each quantity a positive integer, or zero or more for a receipt (which may also list none).
     */
    private Map<String, Long> lines(Violations v, List<LineRequest> lines, boolean receipt) {
        Map<String, Long> good = new LinkedHashMap<>();
        if (!v.required("lines", lines)) {
            return good;
        }
        if (lines.isEmpty() && !receipt) {
            v.add("lines", "must list at least one line");
        } else if (lines.size() > MAX_LINES) {
            v.add("lines", "must list at most " + MAX_LINES + " lines");
            return good;
        }
        Set<String> skus = new HashSet<>();
        // only well-formed text reaches the catalogue's query: PostgreSQL fails on a NUL rather than finding nothing
        lines.stream().filter(Objects::nonNull).map(LineRequest::sku).filter(Objects::nonNull)
                .filter(sku -> sku.length() <= 64 && !Violations.hasControlCharacter(sku)).forEach(skus::add);
        Map<String, ?> known = catalog.variants(skus);
        Set<String> seen = new HashSet<>();
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
                } else if ((receipt ? quantity < 0 : quantity <= 0) || quantity > Violations.MAX_QUANTITY) {
                    v.add(at + ".quantity", (receipt ? "must be zero or more (what arrived)" : "must be a positive integer")
                            + ", at most " + Violations.MAX_QUANTITY);
                    quantity = null;
                }
            }
            if (ok && quantity != null) {
                good.put(line.sku(), quantity);
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

    private static ProblemException unknown(String transferRef) {
        return ProblemException.notFound("No transfer '" + transferRef + "'");
    }
}
