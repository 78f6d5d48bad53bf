package io.selvedge.transfers.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A transfer that arrived, with what did: final. */
public record ReceivedTransfer(TransferHeader header, List<TransferLine> lines, Instant shippedAt, String shippedBy,
                               Instant receivedAt, String receivedBy) implements Transfer {

    public ReceivedTransfer {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(shippedAt, "shippedAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        lines = List.copyOf(lines);
        if (lines.stream().anyMatch(l -> l.received() == null)) {
            throw new IllegalArgumentException("a received transfer has every line received");
        }
    }

    @Override
    public Status status() {
        return Status.RECEIVED;
    }

    /** Units shipped that never arrived (posted to shrink-in-transit). */
    public long shortUnits() {
        return lines.stream().mapToLong(l -> Math.max(0, -l.discrepancy())).sum();
    }

    /** Units that arrived beyond what was shipped (posted from found). */
    public long overUnits() {
        return lines.stream().mapToLong(l -> Math.max(0, l.discrepancy())).sum();
    }
}
