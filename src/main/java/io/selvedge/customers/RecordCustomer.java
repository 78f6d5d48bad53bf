package io.selvedge.customers;

import io.selvedge.customers.domain.EmailAddress;
import io.selvedge.customers.domain.PhoneNumber;
import java.util.Objects;

/**
 * What one system says of one customer ({@code POST /api/v1/customers}), validated: {@code system} is the contract
 * system that sent it, {@code source} the label of the platform it speaks for (e.g. "shopify"), {@code sourceId}
 * that platform's id for the customer (may be null). {@code bodyHash} identifies the request for replays.
 */
public record RecordCustomer(String system, String source, String sourceId, EmailAddress email, PhoneNumber phone,
                             String firstName, String lastName, String loyaltyTier, String bodyHash) {

    public RecordCustomer {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(bodyHash, "bodyHash");
        if (email == null && phone == null && sourceId == null) {
            throw new IllegalArgumentException("an email, a phone or a sourceId is needed to identify a customer");
        }
    }

    @Override
    public String toString() {
        return "RecordCustomer[system=" + system + ", source=" + source + ", redacted]";
    }
}
