package io.selvedge.inventory;

import io.selvedge.inventory.domain.Account;
import io.selvedge.inventory.domain.ChannelPool;
import io.selvedge.inventory.domain.Entry;
import io.selvedge.inventory.domain.MovementKind;
import io.selvedge.inventory.domain.Movements;
import io.selvedge.inventory.domain.Shipments;
import io.selvedge.inventory.jdbc.JdbcLedger;
import io.selvedge.inventory.jdbc.JdbcLedgerHistory;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * {@code SAMPLE_RETURN}: units sent out as samples ({@code SAMPLE}) come back into a location's on-hand. Refused when
 * more would come back than the samples account holds of a SKU, so no unit is ever in two places (returning samples
 * that left before the hub kept the books is an {@code ADJUSTMENT}). Runs inside the caller's write.
 */
@Service
public class SampleReturns {

    private final Postings postings;
    private final JdbcLedger ledger;
    private final JdbcLedgerHistory history;

    SampleReturns(Postings postings, JdbcLedger ledger, JdbcLedgerHistory history) {
        this.postings = postings;
        this.ledger = ledger;
        this.history = history;
    }

    public MovementRecorded record(RecordMovement command) {
        if (command.kind() != MovementKind.SAMPLE_RETURN) {
            throw new IllegalArgumentException(command.kind() + " is not a sample return");
        }
        if (ledger.movementExists(command.movementId())) {
            throw new ProblemException(ErrorCode.STATE_CONFLICT, "movementId '" + command.movementId()
                    + "' is already taken by another kind of posting");
        }
        String location = command.location();
        Map<String, Long> returning = ChannelPool.perSku(command.lines());
        Map<String, Long> out = history.posted(Account.SAMPLES, returning.keySet());
        String beyond = returning.entrySet().stream()
                .filter(e -> e.getValue() > out.getOrDefault(e.getKey(), 0L))
                .map(e -> e.getKey() + " (returning " + e.getValue() + ", out on samples " + out.getOrDefault(e.getKey(), 0L) + ")")
                .collect(Collectors.joining(", "));
        if (!beyond.isEmpty()) {
            throw new ProblemException(ErrorCode.STATE_CONFLICT, "More would come back than is out on samples: " + beyond
                    + "; nothing was posted");
        }
        Postings.Posted posted = postings.post(new JdbcLedger.Movement(command.movementId(), command.kind(), location, null, null, null,
                command.reason(), command.occurredAt()), Shipments.sampleReturn(location, command.lines()).stream().map(Entry::posted).toList());
        long sequence = posted.sequence();
        List<MovementRecorded.LineFigures> lines = new ArrayList<>();
        for (Movements.Line line : command.lines()) {
            AvailabilityRow row = posted.row(location, line.sku());
            lines.add(new MovementRecorded.LineFigures(line.sku(), row.onHand(), row.available()));
            sequence = Math.max(sequence, row.sequence());
        }
        return new MovementRecorded(command.movementId(), sequence, lines);
    }
}
