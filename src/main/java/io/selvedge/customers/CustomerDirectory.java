package io.selvedge.customers;

import io.selvedge.shared.Violations;
import java.util.Optional;

/** How sales and orders link their customer to the one customer id. */
public interface CustomerDirectory {

    /**
     * Resolves (and links, creating if new) the customer of a transaction. Call inside a write
     * ({@link io.selvedge.shared.WriteTransactions#write}). {@code sourceId} may be null; {@code defaultCountry}
     * is the ISO 3166 region phone numbers without a country code are read in (the store's country).
     * Empty when the details carry nothing to match on.
     */
    default Optional<CustomerMatch> resolve(String source, String sourceId, CustomerDetails details, String defaultCountry) {
        return resolve(source, sourceId, details, defaultCountry, null);
    }

    /**
     * {@link #resolve(String, String, CustomerDetails, String)}, using what {@code ahead} (null for none; made by
     * {@link #lookahead} from the same arguments) found if it has found it by now and that needs no write (see
     * {@link CustomerLookahead}).
     */
    Optional<CustomerMatch> resolve(String source, String sourceId, CustomerDetails details, String defaultCountry,
                                    CustomerLookahead ahead);

    /**
     * A lookup of the same customer to start before the transaction's write, run beside it, or null when
     * there is nothing to look up (no usable detail) or lookaheads are off ({@code selvedge.customers.lookahead.concurrency=0}).
     */
    CustomerLookahead lookahead(String source, String sourceId, CustomerDetails details, String defaultCountry);

    /**
     * Adds a violation for each unusable part of {@code details} (an email that is not one, a phone that is not
     * a possible number for {@code defaultCountry}), with field names under {@code fieldPrefix} (e.g. "customer").
     * Answers the same details carrying what was read of them, which {@link #resolve} then need not read again
     * (null for null).
     */
    CustomerDetails check(String fieldPrefix, CustomerDetails details, String defaultCountry, Violations violations);

    /**
     * The records that are the customer {@code customerId} (a survivor or an alias) now: what a history across a
     * merge reads, e.g. the orders whose customer id is any of them. Empty when no customer has that id.
     */
    Optional<CustomerRecords> records(String customerId);
}
