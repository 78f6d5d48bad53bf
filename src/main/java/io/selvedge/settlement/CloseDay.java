package io.selvedge.settlement;

import io.selvedge.shared.Money;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * Close a store's business day with the cash counted in each register's drawer (the takings, without the
 * opening float). {@code bodyHash} fingerprints the counts: the same close replays, other counts are refused.
 */
public record CloseDay(String store, LocalDate businessDay, Map<String, Money> drawerCounts, String bodyHash, String closedBy) {

    public CloseDay {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(businessDay, "businessDay");
        drawerCounts = Map.copyOf(drawerCounts);
        Objects.requireNonNull(bodyHash, "bodyHash");
        Objects.requireNonNull(closedBy, "closedBy");
    }
}
