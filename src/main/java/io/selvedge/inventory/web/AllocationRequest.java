package io.selvedge.inventory.web;

import java.util.List;

/** {@code POST /api/v1/inventory/allocations}: a wholesale pre-book held at one location. */
public record AllocationRequest(String allocationId, String account, String location, List<LineRequest> lines) {
}
