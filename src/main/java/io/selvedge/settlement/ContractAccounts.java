package io.selvedge.settlement;

import io.selvedge.contract.Contract;
import io.selvedge.settlement.domain.ChartOfAccounts;
import io.selvedge.settlement.domain.TenderKey;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's {@code finance.accounts} as a chart of accounts. A card brand without an account of its own
 * posts to the CARD account; revenue, discounts and refunds are looked up by category, falling back to the group's
 * {@code default}; card fees by brand, falling back the same way.
 */
final class ContractAccounts implements ChartOfAccounts {

    private final Contract.FinanceMapping finance;

    ContractAccounts(Contract.FinanceMapping finance) {
        this.finance = finance;
    }

    @Override
    public Optional<String> tender(TenderKey tender) {
        Map<String, String> tenders = finance.accounts().getOrDefault("tenders", Map.of());
        if (tender.brand() != null && tenders.containsKey(tender.brand())) {
            return Optional.of(tenders.get(tender.brand()));
        }
        return Optional.ofNullable(tenders.getOrDefault(tender.type(), tenders.get("default")));
    }

    @Override
    public Optional<String> revenue(String category) {
        return finance.account("revenue", category);
    }

    @Override
    public Optional<String> discount(String category) {
        return finance.account("discounts", category);
    }

    @Override
    public Optional<String> refunds(String category) {
        return finance.account("refunds", category);
    }

    @Override
    public Optional<String> salesTax() {
        return finance.account("salesTax", "default");
    }

    @Override
    public Optional<String> cashOverShort() {
        return finance.account("cashOverShort", "default");
    }

    @Override
    public Optional<String> cardFees(TenderKey tender) {
        return finance.account("cardFees", tender.brand() == null ? tender.type() : tender.brand());
    }

    @Override
    public Optional<String> clearing() {
        return finance.account("clearing", "default");
    }
}
