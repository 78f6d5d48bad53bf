package io.selvedge.customers.web;

/**
 * {@code POST /api/v1/customers}. {@code location} (optional, a contract location) names the country phone
 * numbers without a country code are read in; {@code loyaltyTier} is optional. Personal data: never log it.
 */
record CustomerRequest(String source, String sourceId, String email, String phone, String firstName, String lastName,
                       String loyaltyTier, String location) {

    @Override
    public String toString() {
        return "CustomerRequest[source=" + source + ", redacted]";
    }
}
