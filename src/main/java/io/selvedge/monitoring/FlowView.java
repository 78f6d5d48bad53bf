package io.selvedge.monitoring;

import io.selvedge.monitoring.domain.Status;
import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code GET /api/v1/monitoring/flows} (API.md names the fields): a flow, the system on its other
 * end and a location ({@code null}: all of the system's locations, or a flow without locations).
 * {@code received}, {@code errored} and {@code errorsByReason} count since the hub started; the lag
 * percentiles and the status are judged over the recent window; {@code since} is when the status began.
 */
public record FlowView(String flow, String system, String location, Status status, String reason, Instant since,
                       Instant lastEventAt, long received, long errored, Map<String, Long> errorsByReason,
                       Long lagP50Ms, Long lagP99Ms, Long maxLagMs, Long silenceWindowMs) {
}
