package io.selvedge.customers.domain;

import java.util.Optional;

/** The fields the hub keeps per customer, by their API (and contract) names: {@code customer.<name>}. */
public enum CustomerField {
    EMAIL("email"), PHONE("phone"), FIRST_NAME("firstName"), LAST_NAME("lastName"), LOYALTY_TIER("loyaltyTier");

    private final String apiName;

    CustomerField(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** The contract's name for the field, e.g. {@code customer.loyaltyTier}. */
    public String contractName() {
        return "customer." + apiName;
    }

    public static Optional<CustomerField> ofApiName(String name) {
        for (CustomerField field : values()) {
            if (field.apiName.equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
