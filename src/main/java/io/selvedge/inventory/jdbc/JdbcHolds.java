package io.selvedge.inventory.jdbc;

import static io.selvedge.shared.SqlTimes.instant;
import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.inventory.domain.Hold;
import io.selvedge.inventory.domain.HeldLine;
import io.selvedge.inventory.domain.HoldId;
import io.selvedge.inventory.domain.PendingHold;
import io.selvedge.inventory.domain.PostedHold;
import io.selvedge.inventory.domain.VoidedHold;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Allocations and reservations: their lifecycle state and the pending entries that hold their units. */
@Repository
public class JdbcHolds {

    private final JdbcClient jdbc;

    public JdbcHolds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored hold: its lifecycle as a type, and what the API shows of it. */
    public record Stored(Hold hold, String channel, String account, Instant createdAt, Instant expiresAt, Instant resolvedAt) {
    }

    public void insert(PendingHold hold) {
        jdbc.sql("""
                INSERT INTO stock_hold (kind, reference, channel, account, state, created_at, expires_at)
                VALUES (?, ?, ?, ?, 'PENDING', ?, ?)""")
                .params(hold.id().kind().name(), hold.id().reference(), hold.channel(), hold.account(), utc(hold.createdAt()),
                        utc(hold.expiresAt()))
                .update();
        int lineNo = 0;
        for (HeldLine line : hold.lines()) {
            jdbc.sql("""
                    INSERT INTO stock_hold_line (kind, reference, line_no, sku, location, quantity, pending_entry)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(hold.id().kind().name(), hold.id().reference(), ++lineNo, line.sku(), line.location(), line.quantity(),
                            line.pendingEntryId())
                    .update();
        }
    }

    public void posted(PostedHold hold) {
        resolve(hold.id(), "POSTED", null, hold.movementId(), hold.postedAt());
    }

    public void voided(VoidedHold hold) {
        resolve(hold.id(), "VOIDED", hold.reason().name(), hold.movementId(), hold.voidedAt());
    }

    private void resolve(HoldId id, String state, String voidReason, String movementId, Instant at) {
        int updated = jdbc.sql("""
                UPDATE stock_hold SET state = ?, void_reason = ?, resolved_by = ?, resolved_at = ?
                WHERE kind = ? AND reference = ? AND state = 'PENDING'""")
                .params(state, voidReason, movementId, utc(at), id.kind().name(), id.reference())
                .update();
        if (updated != 1) {
            throw new IllegalStateException(id + " is not pending");
        }
    }

    public Optional<Stored> find(HoldId id) {
        List<HeldLine> lines = jdbc.sql("""
                SELECT sku, location, quantity, pending_entry FROM stock_hold_line WHERE kind = ? AND reference = ? ORDER BY line_no""")
                .params(id.kind().name(), id.reference())
                .query((rs, n) -> new HeldLine(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
        return jdbc.sql("""
                SELECT state, void_reason, channel, account, created_at, expires_at, resolved_at, resolved_by
                FROM stock_hold WHERE kind = ? AND reference = ?""")
                .params(id.kind().name(), id.reference())
                .query((rs, n) -> {
                    Instant createdAt = instant(rs, 5);
                    Instant expiresAt = instant(rs, 6);
                    Instant resolvedAt = instant(rs, 7);
                    Hold hold = switch (rs.getString(1)) {
                        case "PENDING" -> new PendingHold(id, rs.getString(3), rs.getString(4), lines, createdAt, expiresAt);
                        case "POSTED" -> new PostedHold(id, lines, rs.getString(8), resolvedAt);
                        case "VOIDED" -> new VoidedHold(id, lines, Hold.VoidReason.valueOf(rs.getString(2)), rs.getString(8), resolvedAt);
                        default -> throw new IllegalStateException("unknown hold state " + rs.getString(1));
                    };
                    return new Stored(hold, rs.getString(3), rs.getString(4), createdAt, expiresAt, resolvedAt);
                })
                .optional();
    }

    /**
     * {@link #find} for a write that acts on the hold: its row is locked first, so of two instances acting on one
     * hold at once (an order consuming a reservation while another instance's janitor expires it) the second waits for
     * the first to commit and then sees what it did.
     */
    public Optional<Stored> findForUpdate(HoldId id) {
        jdbc.sql("SELECT state FROM stock_hold WHERE kind = ? AND reference = ? FOR UPDATE").params(id.kind().name(), id.reference())
                .query(String.class).optional();
        return find(id);
    }

    /** Pending holds whose time is up, oldest first. */
    public List<HoldId> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT kind, reference FROM stock_hold WHERE state = 'PENDING' AND expires_at <= ? ORDER BY expires_at LIMIT ?""")
                .params(utc(now), limit)
                .query((rs, n) -> new HoldId(HoldId.Kind.valueOf(rs.getString(1)), rs.getString(2)))
                .list();
    }
}
