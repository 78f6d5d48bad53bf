package io.selvedge.settlement;

import java.time.LocalDate;
import java.util.Objects;

/** Finance approves a closed day's journal, once. {@code approvedBy} is an optional staff id, never sent on in events. */
public record ApproveJournal(String store, LocalDate businessDay, String approvedBy, String bodyHash) {

    public ApproveJournal {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(businessDay, "businessDay");
        Objects.requireNonNull(bodyHash, "bodyHash");
    }
}
