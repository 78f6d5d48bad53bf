package io.selvedge.customers.web;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/customers/{customerId}/loyalty}: {@code points} earned (positive) or redeemed (negative), a
 * whole number; read as a node so that 12.5 is refused rather than quietly cut to 12. {@code reason} is optional.
 */
record LoyaltyRequest(String movementId, JsonNode points, String reason, Instant occurredAt) {
}
