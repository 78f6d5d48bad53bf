package io.selvedge.inventory.web;

import java.time.Instant;
import java.util.List;

/** {@code POST /api/v1/inventory/pos-snapshots}: a POS's own on-hand per SKU at one location, as of a moment. */
public record PosSnapshotRequest(String location, Instant asOf, List<LineRequest> lines) {
}
