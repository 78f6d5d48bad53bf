package io.selvedge.transfers.jdbc;

import static io.selvedge.shared.SqlTimes.instant;
import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.transfers.domain.CreatedTransfer;
import io.selvedge.transfers.domain.ReceivedTransfer;
import io.selvedge.transfers.domain.ShippedTransfer;
import io.selvedge.transfers.domain.Transfer;
import io.selvedge.transfers.domain.TransferHeader;
import io.selvedge.transfers.domain.TransferLine;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Transfers and their lines. Each phase writes its own columns once, guarded by the status it leaves, so a transfer
 * is shipped once and received once even if two writers race.
 */
@Repository
public class JdbcTransfers {

    private final JdbcClient jdbc;

    public JdbcTransfers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String transferRef) {
        return jdbc.sql("SELECT COUNT(*) FROM transfer_order WHERE transfer_ref = ?").param(transferRef).query(Long.class).single() > 0;
    }

    public void insert(CreatedTransfer transfer) {
        TransferHeader h = transfer.header();
        jdbc.sql("""
                INSERT INTO transfer_order (transfer_ref, from_location, to_location, status, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(h.transferRef(), h.from(), h.to(), transfer.status().name(), h.createdBy(), utc(h.createdAt()))
                .update();
        writeLines(h.transferRef(), transfer.lines());
    }

    public void shipped(ShippedTransfer transfer) {
        int moved = jdbc.sql("""
                UPDATE transfer_order SET status = 'SHIPPED', shipped_by = ?, shipped_at = ?
                WHERE transfer_ref = ? AND status = 'CREATED'""")
                .params(transfer.shippedBy(), utc(transfer.shippedAt()), transfer.header().transferRef())
                .update();
        if (moved != 1) {
            throw new IllegalStateException("transfer " + transfer.header().transferRef() + " was not waiting to be shipped");
        }
        writeLines(transfer.header().transferRef(), transfer.lines());
    }

    public void received(ReceivedTransfer transfer) {
        int moved = jdbc.sql("""
                UPDATE transfer_order SET status = 'RECEIVED', received_by = ?, received_at = ?
                WHERE transfer_ref = ? AND status = 'SHIPPED'""")
                .params(transfer.receivedBy(), utc(transfer.receivedAt()), transfer.header().transferRef())
                .update();
        if (moved != 1) {
            throw new IllegalStateException("transfer " + transfer.header().transferRef() + " was not in transit");
        }
        writeLines(transfer.header().transferRef(), transfer.lines());
    }

    /**
     * The transfer and its lines in ONE statement, so they come from one snapshot: read in two, a receipt committing
     * in between could pair a RECEIVED header with lines not yet received.
     */
    public Optional<Transfer> find(String transferRef) {
        List<TransferLine> lines = new java.util.ArrayList<>();
        Object[][] header = new Object[1][];
        jdbc.sql("""
                SELECT o.transfer_ref, o.from_location, o.to_location, o.status, o.created_by, o.created_at, o.shipped_by, o.shipped_at,
                       o.received_by, o.received_at, l.sku, l.planned, l.shipped, l.received, l.oversold
                FROM transfer_order o LEFT JOIN transfer_order_line l ON l.transfer_ref = o.transfer_ref
                WHERE o.transfer_ref = ? ORDER BY l.line_no""")
                .param(transferRef)
                .query(rs -> {
                    if (header[0] == null) {
                        header[0] = new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                instant(rs, 6), rs.getString(7), instant(rs, 8), rs.getString(9), instant(rs, 10)};
                    }
                    if (rs.getString(11) != null) {
                        lines.add(new TransferLine(rs.getString(11), rs.getLong(12), rs.getObject(13, Long.class), rs.getObject(14, Long.class),
                                rs.getBoolean(15)));
                    }
                });
        if (header[0] == null) {
            return Optional.empty();
        }
        Object[] h = header[0];
        TransferHeader head = new TransferHeader((String) h[0], (String) h[1], (String) h[2], (String) h[4], (Instant) h[5]);
        return Optional.of(switch (Transfer.Status.valueOf((String) h[3])) {
            case CREATED -> new CreatedTransfer(head, lines);
            case SHIPPED -> new ShippedTransfer(head, lines, (Instant) h[7], (String) h[6]);
            case RECEIVED -> new ReceivedTransfer(head, lines, (Instant) h[7], (String) h[6], (Instant) h[9], (String) h[8]);
        });
    }

    /** Writes each line's current figures: an update of a line already there, an insert of a new one (UPDATE then INSERT). */
    private void writeLines(String transferRef, List<TransferLine> lines) {
        int lineNo = jdbc.sql("SELECT COALESCE(MAX(line_no), 0) FROM transfer_order_line WHERE transfer_ref = ?").param(transferRef)
                .query(Integer.class).single();
        for (TransferLine line : lines) {
            int updated = jdbc.sql("""
                    UPDATE transfer_order_line SET planned = ?, shipped = ?, received = ?, oversold = ?
                    WHERE transfer_ref = ? AND sku = ?""")
                    .params(line.planned(), line.shipped(), line.received(), line.oversold(), transferRef, line.sku())
                    .update();
            if (updated == 0) {
                jdbc.sql("""
                        INSERT INTO transfer_order_line (transfer_ref, line_no, sku, planned, shipped, received, oversold)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                        .params(transferRef, ++lineNo, line.sku(), line.planned(), line.shipped(), line.received(), line.oversold())
                        .update();
            }
        }
    }
}
