package io.selvedge.transfers.domain;

import java.time.Instant;
import java.util.Objects;

/** What a transfer is from its creation: its reference, its route, who created it and when. */
public record TransferHeader(String transferRef, String from, String to, String createdBy, Instant createdAt) {

    public TransferHeader {
        Objects.requireNonNull(transferRef, "transferRef");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a transfer goes between two locations, not " + from + " twice");
        }
    }
}
