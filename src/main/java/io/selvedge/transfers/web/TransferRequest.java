package io.selvedge.transfers.web;

import java.util.List;

/** {@code POST /api/v1/transfers}, as in API.md. */
public record TransferRequest(String transferRef, String from, String to, List<LineRequest> lines) {
}
