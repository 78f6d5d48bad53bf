package io.selvedge.settlement.domain;

import java.util.Map;
import java.util.Optional;

/** The demo contract's finance mapping (src/main/resources/selvedge-demo.yml), for domain tests. */
final class DemoAccounts implements ChartOfAccounts {

    static final DemoAccounts INSTANCE = new DemoAccounts();

    private static final Map<String, String> TENDERS = Map.of("CASH", "1010", "CARD", "1120", "VISA", "1121", "MASTERCARD", "1122",
            "AMEX", "1123", "GIFT_CARD", "2300", "STORE_CREDIT", "2310");
    private static final Map<String, String> REVENUE = Map.of("Shirts", "4010", "Knitwear", "4020", "Trousers", "4030",
            "Outerwear", "4040");

    @Override
    public Optional<String> tender(TenderKey tender) {
        if (tender.brand() != null && TENDERS.containsKey(tender.brand())) {
            return Optional.of(TENDERS.get(tender.brand()));
        }
        return Optional.ofNullable(TENDERS.get(tender.type()));
    }

    @Override
    public Optional<String> revenue(String category) {
        return Optional.of(REVENUE.getOrDefault(category, "4000"));
    }

    @Override
    public Optional<String> discount(String category) {
        return Optional.of("4200");
    }

    @Override
    public Optional<String> refunds(String category) {
        return Optional.of("4100");
    }

    @Override
    public Optional<String> salesTax() {
        return Optional.of("2200");
    }

    @Override
    public Optional<String> cashOverShort() {
        return Optional.of("6100");
    }

    @Override
    public Optional<String> cardFees(TenderKey tender) {
        return Optional.of("6200");
    }

    @Override
    public Optional<String> clearing() {
        return Optional.of("1190");
    }
}
