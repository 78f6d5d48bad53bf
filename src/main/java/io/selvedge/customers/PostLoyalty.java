package io.selvedge.customers;

import io.selvedge.customers.domain.LoyaltyBalances;
import java.time.Instant;
import java.util.Objects;

/**
 * A loyalty movement ({@code POST /api/v1/customers/{customerId}/loyalty}), validated: {@code points} earned
 * (positive) or redeemed (negative) on {@code customerId}, the record it stays on for good. {@code movementId} is
 * the sender's id for it, so a repeat has the effect of one; {@code bodyHash} tells a repeat from a conflict.
 */
public record PostLoyalty(String movementId, String customerId, long points, String reason, Instant occurredAt, String system,
                          String bodyHash) {

    public PostLoyalty {
        Objects.requireNonNull(movementId, "movementId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(bodyHash, "bodyHash");
        if (points == 0 || points < -LoyaltyBalances.MAX_POINTS || points > LoyaltyBalances.MAX_POINTS) {
            throw new IllegalArgumentException("points must be non-zero and at most " + LoyaltyBalances.MAX_POINTS + " either way");
        }
    }

    @Override
    public String toString() {
        return "PostLoyalty[movementId=" + movementId + ", customerId=" + customerId + ", points=" + points + "]";
    }
}
