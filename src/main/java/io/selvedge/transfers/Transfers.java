package io.selvedge.transfers;

import io.selvedge.inventory.StockEffect;
import io.selvedge.inventory.StockLine;
import io.selvedge.inventory.TransferStock;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.transfers.domain.CreatedTransfer;
import io.selvedge.transfers.domain.ReceivedTransfer;
import io.selvedge.transfers.domain.ShippedTransfer;
import io.selvedge.transfers.domain.Transfer;
import io.selvedge.transfers.domain.TransferHeader;
import io.selvedge.transfers.jdbc.JdbcTransfers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.contract.Contract;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.ParkedWork;
import io.selvedge.shared.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Store-to-store transfers: created, shipped once, received once. The units move in the ledger
 * ({@link TransferStock}) in the same write as the transfer's own rows and its event: {@code transfer.shipped} goes to
 * the destination (units are coming), {@code transfer.received} to the origin (what arrived of what it sent), both
 * keyed by the transfer so a subscriber sees them in order. Refusals are outcomes, decided inside the write, so they
 * never roll back a group of neighbours. A receipt that arrives before the shipment (or before the transfer) is parked
 * in {@link ParkedWork} and received once, in the shipment's write. Every method but {@link #find} and the reads of
 * parked receipts runs inside the caller's write.
 */
@Service
public class Transfers {

    private static final Logger log = LoggerFactory.getLogger(Transfers.class);
    static final String SHIPPED = "transfer.shipped";
    static final String RECEIVED = "transfer.received";

    static final String RECEIPT = "RECEIPT";
    private static final List<String> KINDS = List.of(RECEIPT);
    /** A parked receipt's shipment has arrived when its transfer is shipped (SQL over {@code w.wait_for}, for {@link ParkedWork}). */
    private static final String ARRIVED = "EXISTS (SELECT 1 FROM transfer_order t WHERE t.transfer_ref = w.wait_for AND t.status <> 'CREATED')";
    private static final String PENDING_SHIPMENT = "PENDING_SHIPMENT";

    private final JdbcTransfers transfers;
    private final TransferStock stock;
    private final Outbox outbox;
    private final ParkedWork parking;
    private final Contract contract;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration window;

    Transfers(JdbcTransfers transfers, TransferStock stock, Outbox outbox, ParkedWork parking, Contract contract, JsonMapper json, Clock clock,
              MeterRegistry meters) {
        this.transfers = transfers;
        this.stock = stock;
        this.outbox = outbox;
        this.parking = parking;
        this.contract = contract;
        this.json = json;
        this.clock = clock;
        this.window = parkWindow(contract);
        // read on scrape: a receipt whose shipment never comes stays visible, overdue after the window
        Gauge.builder("selvedge.transfers.receipts.parked", parking, p -> safely(() -> p.count(KINDS, ParkedWork.PARKED, null)))
                .description("transfer receipts waiting for their shipment").register(meters);
        Gauge.builder("selvedge.transfers.receipts.parked.overdue", parking,
                        p -> safely(() -> p.count(KINDS, ParkedWork.PARKED, clock.instant().minus(window))))
                .description("transfer receipts still waiting for their shipment after the park window").register(meters);
        Gauge.builder("selvedge.transfers.receipts.parked.refused", parking, p -> safely(() -> p.count(KINDS, ParkedWork.REFUSED, null)))
                .description("parked transfer receipts refused when their shipment arrived").register(meters);
    }

    public Optional<Transfer> find(String transferRef) {
        return transfers.find(transferRef);
    }

    public TransferOutcome create(CreateTransfer command) {
        if (transfers.exists(command.transferRef())) {
            return new TransferOutcome.Conflict("transferRef '" + command.transferRef() + "' already names a transfer");
        }
        CreatedTransfer created = CreatedTransfer.of(new TransferHeader(command.transferRef(), command.from(), command.to(),
                command.createdBy(), clock.instant().truncatedTo(ChronoUnit.MICROS)), command.lines());
        transfers.insert(created);
        return new TransferOutcome.Done(created, 0);
    }

    public TransferOutcome ship(ShipTransfer command) {
        Optional<Transfer> found = transfers.find(command.transferRef());
        if (found.isEmpty()) {
            return new TransferOutcome.Unknown(command.transferRef());
        }
        if (!(found.get() instanceof CreatedTransfer created)) {
            return new TransferOutcome.Conflict("transfer '" + command.transferRef() + "' is " + found.get().status().name().toLowerCase(
                    java.util.Locale.ROOT) + " already; a transfer is shipped once");
        }
        TransferHeader h = created.header();
        Map<String, Long> shipping = command.lines() == null ? created.planned() : command.lines();
        Instant shippedAt = command.occurredAt();
        Optional<ReceiveTransfer> waiting = parkedReceipt(h.transferRef());
        if (!command.dated() && waiting.isPresent() && waiting.get().occurredAt().isBefore(shippedAt)) {
            // the receipt came first, so the units left before it: an undated shipment is dated no later than that
            shippedAt = waiting.get().occurredAt();
        }
        StockEffect effect = stock.ship(h.transferRef(), h.from(), h.to(), stockLines(shipping), shippedAt);
        ShippedTransfer shipped = created.ship(shipping, Set.copyOf(effect.oversoldSkus()), shippedAt, command.shippedBy());
        transfers.shipped(shipped);
        outbox.append(new OutgoingEvent(SHIPPED, "transfer|" + h.transferRef(), h.to(), shipped.shippedAt(), TransferDocument.of(shipped)));
        log.info("event=transfer.shipped transfer={} from={} to={} skus={} oversold={}", h.transferRef(), h.from(), h.to(),
                shipping.size(), effect.oversoldSkus().size());
        // a receipt that arrived before this shipment is applied now, in the same write
        if (waiting.isPresent()) {
            applyParked(h.transferRef());
        }
        return new TransferOutcome.Done(shipped, effect.sequence());
    }

    public TransferOutcome receive(ReceiveTransfer command) {
        Optional<Transfer> found = transfers.find(command.transferRef());
        if (found.isEmpty()) {
            return new TransferOutcome.Unknown(command.transferRef());
        }
        Transfer transfer = found.get();
        if (transfer instanceof CreatedTransfer) {
            return new TransferOutcome.Conflict("transfer '" + command.transferRef() + "' has not been shipped; ship it before receiving it");
        }
        if (transfer instanceof ReceivedTransfer received) {
            return new TransferOutcome.Conflict("transfer '" + command.transferRef() + "' was received at " + received.receivedAt()
                    + "; a transfer is received once");
        }
        ShippedTransfer shipped = (ShippedTransfer) transfer;
        if (command.occurredAt().isBefore(shipped.shippedAt())) {
            return new TransferOutcome.Invalid("occurredAt", "is before the shipment (" + shipped.shippedAt() + ")");
        }
        TransferHeader h = shipped.header();
        ReceivedTransfer received = shipped.receive(command.lines(), command.occurredAt(), command.receivedBy());
        List<StockLine> arrived = stockLines(command.lines());
        StockEffect effect = stock.receive(h.transferRef(), h.from(), h.to(), stockLines(shipped.shipped()), arrived, command.occurredAt());
        transfers.received(received);
        outbox.append(new OutgoingEvent(RECEIVED, "transfer|" + h.transferRef(), h.from(), received.receivedAt(), TransferDocument.of(received)));
        log.info("event=transfer.received transfer={} from={} to={} shortUnits={} overUnits={}", h.transferRef(), h.from(), h.to(),
                received.shortUnits(), received.overUnits());
        return new TransferOutcome.Done(received, effect.sequence());
    }

    // --- receipts before their shipment (out-of-order delivery) ---

    /**
     * The answer for a receipt parked under {@code transferRef}, if one was: 202 while it waits, its posting's answer
     * (a replay) once applied, or its refusal. A different body is a 409 while it waits or once applied; after a
     * refusal it is a corrected receipt, judged as new (empty here), as a receipt refused at once may be sent again.
     */
    public Optional<WriteResult> parkedAnswer(String transferRef, String bodyHash) {
        return parking.find(KINDS, transferRef).flatMap(parked -> {
            if (!parked.bodyHash().equals(bodyHash)) {
                return parked.status().equals(ParkedWork.REFUSED) ? Optional.empty() : Optional.of(problem(ErrorCode.IDEMPOTENCY_CONFLICT,
                        "transfer.receipt '" + transferRef + "' was already received with a different body", null, null));
            }
            return Optional.of(switch (parked.status()) {
                case ParkedWork.PARKED -> new WriteResult(202, parked.response(), true);
                case ParkedWork.APPLIED -> WriteResult.replayOf(parked.response());
                default -> new WriteResult(parked.responseStatus(), parked.response(), false);
            });
        });
    }

    /** Whether a receipt for {@code transferRef} must wait: the transfer is not known yet, or not shipped yet. */
    public boolean awaitsShipment(String transferRef) {
        return transfers.find(transferRef).map(t -> t instanceof CreatedTransfer).orElse(true);
    }

    /**
     * Parks a receipt that came before its shipment (the destination's scanner was online first), or before the
     * transfer itself (the back office creates it later), and answers 202. It is applied once, in the shipment's
     * write; only then is it judged: dated before the shipment, or sent by a system that does not speak for the
     * destination, it is refused, and stays listed as refused.
     */
    public WriteResult parkReceipt(ReceiveTransfer command, String bodyHash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transferRef", command.transferRef());
        body.put("status", PENDING_SHIPMENT);
        body.put("waitingFor", List.of(command.transferRef()));
        body.put("detail", "Parked until transfer '" + command.transferRef() + "' is shipped; it is received then, in the same write");
        String response = json.writeValueAsString(body);
        String to = transfers.find(command.transferRef()).map(t -> t.header().to()).orElse(null);
        parking.park(new ParkedWork.Key(RECEIPT, command.transferRef()), to, null, bodyHash, json.writeValueAsString(command),
                List.of(command.transferRef()), response, clock.instant());
        log.info("event=transfer.receipt-parked transfer={} known={}", command.transferRef(), to != null);
        return WriteResult.first(202, response);
    }

    /** The janitor's work: parked receipts whose transfer was shipped (by another hub instance, meanwhile). */
    public int applyReady(int limit) {
        List<ParkedWork.Key> ready = parking.ready(KINDS, ARRIVED, limit);
        ready.forEach(key -> applyParked(key.id()));
        return ready.size();
    }

    public boolean anyReady() {
        return !parking.ready(KINDS, ARRIVED, 1).isEmpty();
    }

    /** Parked receipts by status (PARKED when null), oldest first, each marked overdue after the window. */
    public List<Map<String, Object>> parkedReceipts(String status, boolean overdueOnly) {
        Instant now = clock.instant();
        Instant due = now.minus(window);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ParkedWork.Parked p : parking.list(KINDS, status == null ? ParkedWork.PARKED : status, null, overdueOnly ? due : null, 1000)) {
            Map<String, Object> row = p.listed("transferRef", Map.of(), PENDING_SHIPMENT, now, due, json);
            out.add(row);
        }
        return out;
    }

    private Optional<ReceiveTransfer> parkedReceipt(String transferRef) {
        return parking.find(KINDS, transferRef).filter(ParkedWork.Parked::waiting)
                .map(p -> json.readValue(parking.command(p.key()), ReceiveTransfer.class));
    }

    private void applyParked(String transferRef) {
        ParkedWork.Key key = new ParkedWork.Key(RECEIPT, transferRef);
        if (!parking.lock(key)) {
            return;
        }
        ReceiveTransfer command = json.readValue(parking.command(key), ReceiveTransfer.class);
        Transfer transfer = transfers.find(transferRef).orElseThrow();
        Contract.SystemDef sender = contract.systems().get(command.receivedBy());
        WriteResult result;
        if (sender == null || !sender.actsFor(transfer.header().to())) {
            // the rights to the destination could not be checked while the transfer was unknown: they are now
            result = problem(ErrorCode.NOT_OWNER, "system '" + command.receivedBy() + "' does not speak for location '"
                    + transfer.header().to() + "'", null, null);
        } else {
            TransferOutcome outcome = receive(command);
            if (outcome instanceof TransferOutcome.Done done) {
                Map<String, Object> answer = TransferDocument.of(done.transfer());
                answer.put("sequence", done.sequence());
                result = WriteResult.first(200, json.writeValueAsString(answer));
            } else if (outcome instanceof TransferOutcome.Invalid invalid) {
                result = problem(ErrorCode.VALIDATION, invalid.field() + " " + invalid.message(), invalid.field(), invalid.message());
            } else if (outcome instanceof TransferOutcome.Conflict conflict) {
                result = problem(ErrorCode.STATE_CONFLICT, conflict.detail(), null, null);
            } else {
                result = problem(ErrorCode.NOT_FOUND, "No transfer '" + transferRef + "'", null, null);
            }
        }
        parking.resolve(key, result.status() < 300 ? ParkedWork.APPLIED : ParkedWork.REFUSED, result.status(), result.json(), clock.instant());
        log.info("event=transfer.receipt-unparked transfer={} status={}", transferRef, result.status());
    }

    /** An RFC 9457 body, as the API answers it, for an answer kept until the sender asks again. */
    private WriteResult problem(ErrorCode code, String detail, String field, String message) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", code.type());
        problem.put("title", code.title());
        problem.put("status", code.status());
        problem.put("detail", detail);
        if (field != null) {
            problem.put("errors", List.of(Map.of("field", field, "message", message)));
        }
        return new WriteResult(code.status(), json.writeValueAsString(problem), false);
    }

    private static Duration parkWindow(Contract contract) {
        return Contract.duration(contract.policy("transfers.parkWindow", contract.policy("returns.parkWindow", "24h")));
    }

    private static double safely(LongSupplier count) {
        try {
            return count.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The positive quantities as ledger lines (a SKU received as zero moves nothing into on-hand). */
    private static List<StockLine> stockLines(Map<String, Long> perSku) {
        return perSku.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> new StockLine(e.getKey(), e.getValue())).toList();
    }
}
