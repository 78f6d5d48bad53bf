package io.selvedge.settlement;

import java.time.LocalDate;

/** How an adjusting entry stands: posted in a closed day's journal, waiting for a close, or refused. */
public sealed interface AdjustmentOutcome {

    String adjustmentId();

    /** In the journal of {@code postedOn} (the adjusted day itself unless its journal was already approved). */
    record Posted(String adjustmentId, String entryId, LocalDate postedOn) implements AdjustmentOutcome {
    }

    /**
     * Waiting for a close: the adjusted day's own close when the day is still open, else (its journal approved) the
     * store's next close.
     */
    record Pending(String adjustmentId, String reason) implements AdjustmentOutcome {
    }

    /** Nothing was recorded: the sender may send it again once the reason is fixed. */
    record Refused(String adjustmentId, String reason) implements AdjustmentOutcome {
    }
}
