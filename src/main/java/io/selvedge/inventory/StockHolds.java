package io.selvedge.inventory;

import io.selvedge.contract.Contract;
import io.selvedge.inventory.domain.ChannelPool;
import io.selvedge.inventory.domain.Entry;
import io.selvedge.inventory.domain.Hold;
import io.selvedge.inventory.domain.HeldLine;
import io.selvedge.inventory.domain.HoldId;
import io.selvedge.inventory.domain.MovementKind;
import io.selvedge.inventory.domain.Movements;
import io.selvedge.inventory.domain.PendingHold;
import io.selvedge.inventory.domain.PostedHold;
import io.selvedge.inventory.domain.VoidedHold;
import io.selvedge.inventory.jdbc.JdbcHolds;
import io.selvedge.inventory.jdbc.JdbcLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Allocations (wholesale pre-books at a location) and reservations (a channel's checkout holds with a TTL):
 * pending ledger transfers, posted when fulfilled or consumed, voided when released or expired. All or
 * nothing: a request any SKU of which is short holds nothing. Every method runs inside a write.
 */
@Service
public class StockHolds {

    private final JdbcHolds holds;
    private final JdbcLedger ledger;
    private final Postings postings;
    private final Contract contract;
    private final Clock clock;

    StockHolds(JdbcHolds holds, JdbcLedger ledger, Postings postings, Contract contract, Clock clock) {
        this.holds = holds;
        this.ledger = ledger;
        this.postings = postings;
        this.contract = contract;
        this.clock = clock;
    }

    /** A wholesale pre-book of units at one location, for a named account. */
    public record PlaceAllocation(String allocationId, String account, String location, List<Movements.Line> lines) {
    }

    /** A channel's hold before it charges, for {@code ttl}. */
    public record PlaceReservation(String reservationId, String channel, List<Movements.Line> lines, Duration ttl) {
    }

    public Optional<JdbcHolds.Stored> find(HoldId id) {
        return holds.find(id);
    }

    public HoldOutcome allocate(PlaceAllocation command) {
        HoldId id = new HoldId(HoldId.Kind.ALLOCATION, command.allocationId());
        ChannelPool pool = new ChannelPool(command.location(), List.of(command.location()), 0);
        return place(id, pool, command.lines(), null, command.account(), null);
    }

    public HoldOutcome reserve(PlaceReservation command) {
        HoldId id = new HoldId(HoldId.Kind.RESERVATION, command.reservationId());
        Contract.Channel channel = contract.channel(command.channel())
                .orElseThrow(() -> new IllegalArgumentException("unknown channel " + command.channel()));
        ChannelPool pool = new ChannelPool(channel.code(), channel.locations(), channel.safetyBuffer());
        return place(id, pool, command.lines(), channel.code(), null, clock.instant().plus(command.ttl()));
    }

    /** Ships an allocation's units out: its pending transfers are posted, on-hand to the wholesale account. */
    public HoldOutcome fulfil(String allocationId) {
        HoldId id = new HoldId(HoldId.Kind.ALLOCATION, allocationId);
        Optional<JdbcHolds.Stored> stored = holds.findForUpdate(id);
        if (stored.isEmpty()) {
            return new HoldOutcome.Unknown(id);
        }
        Hold hold = stored.get().hold();
        if (hold instanceof PendingHold pending) {
            long sequence = post(pending, pending.id() + ":fulfil", MovementKind.HOLD_POST, clock.instant());
            return new HoldOutcome.Done(holds.find(id).orElseThrow(), sequence);
        }
        if (hold instanceof PostedHold posted) {
            return new HoldOutcome.Done(stored.get(), ledger.lastSequenceOf(posted.movementId()));
        }
        VoidedHold voided = (VoidedHold) hold;
        return new HoldOutcome.Conflict("allocation '" + allocationId + "' was "
                + voided.reason().name().toLowerCase(Locale.ROOT) + "; it cannot be fulfilled");
    }

    /** Frees a hold's units: its pending transfers are voided. Releasing a released or expired hold changes nothing. */
    public HoldOutcome release(HoldId id) {
        Optional<JdbcHolds.Stored> stored = holds.findForUpdate(id);
        if (stored.isEmpty()) {
            return new HoldOutcome.Unknown(id);
        }
        Hold hold = stored.get().hold();
        if (hold instanceof PendingHold pending) {
            long sequence = voidHold(pending, Hold.VoidReason.RELEASED, clock.instant());
            return new HoldOutcome.Done(holds.find(id).orElseThrow(), sequence);
        }
        if (hold instanceof VoidedHold voided) {
            return new HoldOutcome.Done(stored.get(), ledger.lastSequenceOf(voided.movementId()));
        }
        return new HoldOutcome.Conflict(id.kind().name().toLowerCase(Locale.ROOT) + " '" + id.reference() + "' was "
                + (id.kind() == HoldId.Kind.ALLOCATION ? "fulfilled" : "consumed by an order") + "; it cannot be released");
    }

    /** Voids reservations whose TTL has passed (at most {@code max}); returns how many. */
    public int expireDue(int max) {
        Instant now = clock.instant();
        int expired = 0;
        for (HoldId id : holds.due(now, max)) {
            if (holds.findForUpdate(id).map(JdbcHolds.Stored::hold).orElse(null) instanceof PendingHold pending && pending.expiredAt(now)) {
                voidHold(pending, Hold.VoidReason.EXPIRED, now);
                expired++;
            }
        }
        return expired;
    }

    public boolean anyDue() {
        return !holds.due(clock.instant(), 1).isEmpty();
    }

    /**
     * An order consumes its reservation: the holds are posted (on-hand to customer) under the order's movement id,
     * if the reservation is pending, of this channel, unexpired and exactly for these units.
     */
    ChannelSaleOutcome consume(String reservationId, String channel, Map<String, Long> perSku, String movementId, Instant occurredAt) {
        HoldId id = new HoldId(HoldId.Kind.RESERVATION, reservationId);
        Optional<JdbcHolds.Stored> stored = holds.findForUpdate(id);
        if (stored.isEmpty()) {
            return new ChannelSaleOutcome.ReservationUnusable(reservationId, "no such reservation");
        }
        Hold hold = stored.get().hold();
        if (hold instanceof PostedHold posted) {
            return new ChannelSaleOutcome.ReservationUnusable(reservationId, "already consumed by " + posted.movementId());
        }
        if (hold instanceof VoidedHold voided) {
            return new ChannelSaleOutcome.ReservationUnusable(reservationId,
                    voided.reason() == Hold.VoidReason.EXPIRED ? "expired" : "released");
        }
        PendingHold pending = (PendingHold) hold;
        Instant now = clock.instant();
        if (!channel.equals(pending.channel())) {
            return new ChannelSaleOutcome.ReservationUnusable(reservationId, "held for channel " + pending.channel());
        }
        if (pending.expiredAt(now)) {
            voidHold(pending, Hold.VoidReason.EXPIRED, now);
            return new ChannelSaleOutcome.ReservationUnusable(reservationId, "expired");
        }
        if (!pending.covers(perSku)) {
            return new ChannelSaleOutcome.ReservationUnusable(reservationId, "does not cover the order's lines");
        }
        long sequence = post(pending, movementId, MovementKind.CHANNEL_SALE, occurredAt);
        return new ChannelSaleOutcome.Sold(new StockEffect(sequence, List.of()));
    }

    private HoldOutcome place(HoldId id, ChannelPool pool, List<Movements.Line> lines, String channel, String account, Instant expiresAt) {
        if (holds.find(id).isPresent()) {
            return new HoldOutcome.Conflict(id + " already exists");
        }
        Map<String, Long> perSku = ChannelPool.perSku(lines);
        ChannelPool.Outcome outcome = pool.take(perSku, ledger.figures(pool.locations(), perSku.keySet()));
        if (outcome instanceof ChannelPool.Refused refused) {
            return new HoldOutcome.Short(refused.shorts().stream().map(s -> new Shortage(s.sku(), s.requested(), s.available())).toList());
        }
        List<ChannelPool.Pick> picks = ((ChannelPool.Picked) outcome).picks();
        Instant now = clock.instant();
        List<Entry> entries = PendingHold.placing(id.kind(), picks);
        Postings.Posted posted = postings.post(new JdbcLedger.Movement(id + ":hold", MovementKind.HOLD, singleLocation(pool.locations()),
                channel, id.toString(), null, null, now), entries);
        List<HeldLine> held = new ArrayList<>();
        for (int i = 0; i < picks.size(); i++) {
            ChannelPool.Pick pick = picks.get(i);
            held.add(new HeldLine(pick.sku(), pick.location(), pick.quantity(), posted.entryIds().get(i)));
        }
        holds.insert(new PendingHold(id, channel, account, held, now, expiresAt));
        return new HoldOutcome.Done(holds.find(id).orElseThrow(), posted.sequence());
    }

    private long post(PendingHold pending, String movementId, MovementKind kind, Instant occurredAt) {
        Postings.Posted posted = postings.post(new JdbcLedger.Movement(movementId, kind, singleLocation(pending), pending.channel(),
                pending.id().toString(), null, null, occurredAt), pending.postingEntries());
        holds.posted(pending.post(movementId, clock.instant()));
        return posted.sequence();
    }

    private long voidHold(PendingHold pending, Hold.VoidReason reason, Instant now) {
        String movementId = pending.id() + (reason == Hold.VoidReason.EXPIRED ? ":expire" : ":release");
        Postings.Posted posted = postings.post(new JdbcLedger.Movement(movementId, MovementKind.HOLD_VOID, singleLocation(pending),
                pending.channel(), pending.id().toString(), null, reason.name(), now), pending.voidingEntries());
        holds.voided(pending.voidFor(reason, movementId, now));
        return posted.sequence();
    }

    private static String singleLocation(PendingHold hold) {
        return singleLocation(hold.lines().stream().map(HeldLine::location).distinct().toList());
    }

    private static String singleLocation(List<String> locations) {
        return locations.size() == 1 ? locations.get(0) : null;
    }
}
