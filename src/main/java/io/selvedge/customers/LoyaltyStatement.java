package io.selvedge.customers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A customer's loyalty points as {@code GET /api/v1/customers/{id}/loyalty} shows them: the survivor's balance (the
 * sum over the records of its merge group), each record's share, and the movements newest first, each on the record
 * it was posted to. {@code next} is the {@code before} to ask for the page after this one, when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoyaltyStatement(String customerId, String resolvedFrom, long points, List<Share> records, List<Movement> movements,
                               Long next) {

    public record Share(String customerId, long points, long movements) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Movement(long entry, String movementId, String customerId, long points, String reason, String occurredAt,
                           String recordedAt, String recordedBy) {
    }
}
