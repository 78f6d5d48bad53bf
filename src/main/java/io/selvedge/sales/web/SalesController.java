package io.selvedge.sales.web;

import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.sales.SalesIntake;
import io.selvedge.sales.TransactionRequest;
import io.selvedge.sales.jdbc.JdbcOrders;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.JsonBodies;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.ServerTiming;
import io.selvedge.shared.WriteResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
class SalesController {

    static final int MAX_BATCH = 1000;

    private final SalesIntake intake;
    private final ContractGuard guard;
    private final JsonMapper json;
    private final JdbcOrders orders;

    SalesController(SalesIntake intake, ContractGuard guard, JsonMapper json, JdbcOrders orders) {
        this.intake = intake;
        this.guard = guard;
        this.json = json;
        this.orders = orders;
    }

    /** The batch body: raw nodes, so one malformed transaction is refused alone rather than failing the batch. */
    record Batch(List<JsonNode> transactions) {
    }

    @PostMapping(path = "/api/v1/pos/transactions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> postTransaction(Caller caller, @RequestBody String body) {
        // no scan of the raw body for card numbers: the card-number filter read it before this, and the intake checks what is kept
        TransactionRequest request = ServerTiming.timed("parse", () -> parse(body, TransactionRequest.class));
        return respond(intake.posTransaction(caller, request));
    }

    @PostMapping(path = "/api/v1/pos/transactions/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> postBatch(Caller caller, @RequestBody String body) {
        SalesIntake.refuseCardNumbers(body); // a batch beyond the card-number filter's 10 MB passes it unread
        Batch batch = parse(body, Batch.class);
        if (batch.transactions() == null || batch.transactions().isEmpty()) {
            throw ProblemException.invalid("transactions", "must list at least one transaction");
        }
        if (batch.transactions().size() > MAX_BATCH) {
            throw ProblemException.invalid("transactions", "must list at most " + MAX_BATCH + " transactions (got " + batch.transactions().size() + ")");
        }
        guard.requireWriter(caller, "pos.transaction");
        List<Object> items = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < batch.transactions().size(); i++) {
            JsonNode node = batch.transactions().get(i);
            ids.add(node != null && node.has("transactionId") ? node.get("transactionId").asString() : null);
            if (node == null || !node.isObject()) {
                items.add(ProblemException.invalid("transactions[" + i + "]", "must be a transaction (a JSON object)"));
                continue;
            }
            try {
                TransactionRequest request = parse(json.writeValueAsString(node), TransactionRequest.class);
                if (request.store() != null && !caller.system().actsFor(request.store())) {
                    throw new ProblemException(ErrorCode.NOT_OWNER, "system '" + caller.name() + "' does not speak for location '"
                            + request.store() + "'");
                }
                items.add(intake.validatePos(caller, request));
            } catch (ProblemException e) {
                items.add(e);
            }
        }
        List<WriteResult> results = intake.recordAll(items);
        List<Map<String, Object>> out = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < results.size(); i++) {
            WriteResult result = results.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", i);
            row.put("transactionId", ids.get(i));
            row.put("status", result.status());
            row.put("replay", result.replay());
            row.put(result.status() < 300 ? "result" : "problem", json.readTree(result.json()));
            if (result.status() < 300) {
                accepted++;
            }
            out.add(row);
        }
        return Map.of("received", results.size(), "accepted", accepted, "refused", results.size() - accepted, "results", out);
    }

    @PostMapping(path = "/api/v1/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> postOrder(Caller caller, @RequestBody String body) {
        return respond(intake.order(caller, parse(body, TransactionRequest.class)));
    }

    @GetMapping("/api/v1/audit")
    List<Map<String, Object>> audit(@RequestParam(required = false) String store, @RequestParam(required = false) LocalDate businessDay,
                                    @RequestParam(required = false) String kind) {
        return orders.auditTrail(store, businessDay, kind == null ? null : kind.toUpperCase(java.util.Locale.ROOT));
    }

    private <T> T parse(String body, Class<T> type) {
        return JsonBodies.parse(json, body, type, "The body is not valid JSON");
    }

    private static ResponseEntity<String> respond(WriteResult result) {
        var builder = ResponseEntity.status(result.status())
                .contentType(result.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (result.replay()) {
            builder.header("Idempotent-Replay", "true");
        }
        return builder.body(result.json());
    }
}
