package io.selvedge.monitoring.domain;

import java.util.Objects;

/** A status and, unless OK, the reason in words an operator can act on. */
public record Judgement(Status status, String reason) {

    public Judgement {
        Objects.requireNonNull(status, "status");
    }

    public static Judgement ok() {
        return new Judgement(Status.OK, null);
    }
}
