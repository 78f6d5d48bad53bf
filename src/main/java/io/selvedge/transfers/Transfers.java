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
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Store-to-store transfers: created, shipped once, received once. The units move in the ledger
 * ({@link TransferStock}) in the same write as the transfer's own rows and its event: {@code transfer.shipped} goes to
 * the destination (units are coming), {@code transfer.received} to the origin (what arrived of what it sent), both
 * keyed by the transfer so a subscriber sees them in order. Refusals are outcomes, decided inside the write, so they
 * never roll back a group of neighbours. Every method but {@link #find} runs inside the caller's write.
 */
@Service
public class Transfers {

    private static final Logger log = LoggerFactory.getLogger(Transfers.class);
    static final String SHIPPED = "transfer.shipped";
    static final String RECEIVED = "transfer.received";

    private final JdbcTransfers transfers;
    private final TransferStock stock;
    private final Outbox outbox;
    private final Clock clock;

    Transfers(JdbcTransfers transfers, TransferStock stock, Outbox outbox, Clock clock) {
        this.transfers = transfers;
        this.stock = stock;
        this.outbox = outbox;
        this.clock = clock;
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
        StockEffect effect = stock.ship(h.transferRef(), h.from(), h.to(), stockLines(shipping), command.occurredAt());
        ShippedTransfer shipped = created.ship(shipping, Set.copyOf(effect.oversoldSkus()), command.occurredAt(), command.shippedBy());
        transfers.shipped(shipped);
        outbox.append(new OutgoingEvent(SHIPPED, "transfer|" + h.transferRef(), h.to(), shipped.shippedAt(), TransferDocument.of(shipped)));
        log.info("event=transfer.shipped transfer={} from={} to={} skus={} oversold={}", h.transferRef(), h.from(), h.to(),
                shipping.size(), effect.oversoldSkus().size());
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

    /** The positive quantities as ledger lines (a SKU received as zero moves nothing into on-hand). */
    private static List<StockLine> stockLines(Map<String, Long> perSku) {
        return perSku.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> new StockLine(e.getKey(), e.getValue())).toList();
    }
}
