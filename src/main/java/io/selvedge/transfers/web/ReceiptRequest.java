package io.selvedge.transfers.web;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/v1/transfers/{transferRef}/receipt}: what actually arrived ({@code lines}, required, may be empty when
 * nothing did); {@code occurredAt} defaults to when the hub hears of it.
 */
public record ReceiptRequest(Instant occurredAt, List<LineRequest> lines) {
}
