package io.selvedge.transfers.jdbc;

import io.selvedge.transfers.domain.CreatedTransfer;
import io.selvedge.transfers.domain.ReceivedTransfer;
import io.selvedge.transfers.domain.ShippedTransfer;
import io.selvedge.transfers.domain.Transfer;
import io.selvedge.transfers.domain.TransferHeader;
import io.selvedge.transfers.domain.TransferLine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    public Optional<Transfer> find(String transferRef) {
        List<TransferLine> lines = lines(transferRef);
        return jdbc.sql("""
                SELECT transfer_ref, from_location, to_location, status, created_by, created_at, shipped_by, shipped_at,
                       received_by, received_at
                FROM transfer_order WHERE transfer_ref = ?""")
                .param(transferRef)
                .query((rs, n) -> transfer(rs, lines))
                .optional();
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

    private List<TransferLine> lines(String transferRef) {
        return jdbc.sql("SELECT sku, planned, shipped, received, oversold FROM transfer_order_line WHERE transfer_ref = ? ORDER BY line_no")
                .param(transferRef)
                .query((rs, n) -> new TransferLine(rs.getString(1), rs.getLong(2), rs.getObject(3, Long.class), rs.getObject(4, Long.class),
                        rs.getBoolean(5)))
                .list();
    }

    private static Transfer transfer(ResultSet rs, List<TransferLine> lines) throws SQLException {
        TransferHeader header = new TransferHeader(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(5), instant(rs, 6));
        return switch (Transfer.Status.valueOf(rs.getString(4))) {
            case CREATED -> new CreatedTransfer(header, lines);
            case SHIPPED -> new ShippedTransfer(header, lines, instant(rs, 8), rs.getString(7));
            case RECEIVED -> new ReceivedTransfer(header, lines, instant(rs, 8), rs.getString(7), instant(rs, 10), rs.getString(9));
        };
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
