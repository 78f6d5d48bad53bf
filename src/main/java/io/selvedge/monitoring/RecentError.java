package io.selvedge.monitoring;

import java.time.Instant;

/**
 * Records that errored, as monitoring saw them: {@code count} more of {@code reason} on a flow at {@code at},
 * or a contract violation (flow {@code contract}) with the guard's {@code detail}, which names systems,
 * messages and fields, never personal data.
 */
public record RecentError(Instant at, String flow, String system, String location, String reason, long count, String detail) {
}
