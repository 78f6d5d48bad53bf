package io.selvedge.sales;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.customers.CustomerDirectory;
import io.selvedge.shared.CardNumbers;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.ServerTiming;
import io.selvedge.shared.WriteResult;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way in for a canonical POS transaction or channel order, whatever format it arrived in (the JSON API,
 * POSLog, a Shopify webhook): the caller's rights are checked against the contract, every field is validated, and
 * the sale is recorded idempotently by its own id. Refusals are thrown as problems before anything is written.
 */
@Service
public class SalesIntake {

    private final Sales sales;
    private final ContractGuard guard;
    private final SaleValidation validation;
    private final JsonMapper json;

    public SalesIntake(Sales sales, ContractGuard guard, CatalogLookup catalog, CustomerDirectory customers, JsonMapper json, Clock clock) {
        this.sales = sales;
        this.guard = guard;
        this.validation = new SaleValidation(guard.contract(), catalog, customers, clock);
        this.json = json;
    }

    /** A store transaction from a POS: 201 with the order, 202 for a parked return, a replay, or a thrown problem. */
    public WriteResult posTransaction(Caller caller, TransactionRequest request) {
        return sales.record(ServerTiming.timed("validate", () -> validatePos(caller, request)));
    }

    /**
     * Checks and validates a store transaction without writing it, for batches that record many at once
     * ({@link #recordAll}). Throws the problem that refuses it.
     */
    public RecordSale validatePos(Caller caller, TransactionRequest request) {
        String canonical = canonical(request);
        guard.requireOwner(caller, "sale.lines");
        if (request.store() != null && guard.contract().location(request.store()).isPresent()) {
            guard.requireWriter(caller, "pos.transaction", request.store());
        } else {
            guard.requireWriter(caller, "pos.transaction");
        }
        return validation.posTransaction(request, Hashing.sha256Hex(canonical), caller.name());
    }

    /**
     * Records validated transactions in order in one write; an item that is a {@link ProblemException} (its
     * validation failed) answers with that problem. One result per item.
     */
    public List<WriteResult> recordAll(List<Object> items) {
        return sales.recordBatch(items, e -> refusal((ProblemException) e));
    }

    /** A web or wholesale order. */
    public WriteResult order(Caller caller, TransactionRequest request) {
        String canonical = canonical(request);
        String channel = request.channel() == null ? "" : request.channel();
        if (!"wholesale".equals(channel)) {
            // order.* is the web shop's; a wholesale order is the wholesale channel's, checked by its writers just below
            guard.requireOwner(caller, "order.lines");
        }
        guard.requireChannel(caller, "wholesale".equals(channel) ? "order.wholesale" : "order.web", channel);
        return sales.record(validation.channelOrder(request, Hashing.sha256Hex(canonical), caller.name()));
    }

    /**
     * A return of a web or wholesale order reported by the channel's own system (a Shopify refund): every line names
     * the order line it gives back ({@code returnOf}), {@code store} names the location the units go back to (any
     * location of the contract, a warehouse or a store), and refunds are negative tenders on the order's payment. It
     * posts like a store return (returnable quantities and refunds per payment enforced, parked until the order
     * arrives) but no store's drawer sees it. Same rights as the order itself.
     */
    public WriteResult channelReturn(Caller caller, TransactionRequest request) {
        String canonical = canonical(request);
        String channel = request.channel() == null ? "" : request.channel();
        guard.requireOwner(caller, "order.lines");
        guard.requireChannel(caller, "wholesale".equals(channel) ? "order.wholesale" : "order.web", channel);
        return sales.record(validation.channelReturn(request, Hashing.sha256Hex(canonical), caller.name()));
    }

    /** A problem as a batch result: the same body the API would have answered for this item alone. */
    public WriteResult refusal(ProblemException e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", e.code().type());
        problem.put("title", e.code().title());
        problem.put("status", e.code().status());
        problem.put("detail", e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.put("errors", e.errors());
        }
        problem.putAll(e.properties());
        return new WriteResult(e.code().status(), json.writeValueAsString(problem), false);
    }

    /** Refused before anything is kept, so a card number is never stored, logged or echoed back (PCI). */
    public static void refuseCardNumbers(String text) {
        if (CardNumbers.containsCardNumber(text)) {
            throw new ProblemException(ErrorCode.CARD_NUMBER_REFUSED,
                    "The payload contains what looks like a full card number; send only the last four digits and the processor's reference");
        }
    }

    /**
     * The request's canonical form, refused if it carries a card number, else the idempotency hash's input: written
     * once, so the same sale in another format or field order is the same body.
     */
    private String canonical(TransactionRequest request) {
        String canonical = json.writeValueAsString(request);
        refuseCardNumbers(canonical);
        return canonical;
    }
}
