package io.selvedge.inventory;

import io.selvedge.inventory.domain.HoldId;
import io.selvedge.inventory.jdbc.JdbcHolds;
import java.util.List;

/** The answer to placing, posting or voiding a hold: done, short (nothing held), a state conflict, or unknown. */
public sealed interface HoldOutcome {

    /** The hold as it now stands, and the highest availability sequence the change wrote (0 if none). */
    record Done(JdbcHolds.Stored hold, long sequence) implements HoldOutcome {
    }

    /** Nothing was held: these SKUs are short. */
    record Short(List<Shortage> shortages) implements HoldOutcome {
    }

    /** The hold is in the other final state (fulfilled and released, say). */
    record Conflict(String detail) implements HoldOutcome {
    }

    record Unknown(HoldId id) implements HoldOutcome {
    }
}
