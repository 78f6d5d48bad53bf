package io.selvedge.customers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A customer as {@code GET /api/v1/customers/{id}} shows it: the survivor of its merge group, each field as
 * survivorship chose it (with where the value came from), its loyalty points (the sum over the records of the
 * group), the ids merged into it and the source ids linked to it. {@code resolvedFrom} is the id asked for when that
 * was an alias. An erased customer shows its ids and points only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerView(
        String customerId,
        String status,
        String resolvedFrom,
        String email,
        String phone,
        String firstName,
        String lastName,
        String loyaltyTier,
        Loyalty loyalty,
        List<String> mergedFrom,
        List<SourceId> sourceIds,
        Map<String, FieldSource> survivorship,
        String createdAt,
        String erasedAt) {

    public record SourceId(String source, String sourceId) {
    }

    /** The points the customer holds, over every record of the merge group, and how many movements make them. */
    public record Loyalty(long points, long movements) {
    }

    /** Frameworks log what they write at debug level: never the personal fields. */
    @Override
    public String toString() {
        return "CustomerView[customerId=" + customerId + ", status=" + status + ", redacted]";
    }

    /** Where a shown value came from: the record that holds it, the source that sent it, when, and why it won. */
    public record FieldSource(String customerId, String source, String system, String updatedAt, String rule) {
    }
}
