package io.selvedge.customers;

/** The one customer id a source's customer resolved to, and how: {@code EMAIL}, {@code PHONE} or {@code NEW}. */
public record CustomerMatch(String customerId, String matchedBy) {
}
