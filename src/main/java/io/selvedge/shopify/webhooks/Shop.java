package io.selvedge.shopify.webhooks;

import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The contract's Shopify shop: its secrets, the system its orders come from, its channel and its locations. */
@Component
class Shop {

    private final Contract contract;
    private final Contract.Shopify shopify;

    Shop(Contract contract) {
        this.contract = contract;
        this.shopify = contract.shopify();
    }

    boolean configured() {
        return shopify.configured();
    }

    java.util.List<String> secrets() {
        return shopify.webhookSecrets();
    }

    /** The contract system the shop's orders, refunds and customers are recorded as (the web shop's). */
    Caller caller() {
        return new Caller(contract.systems().get(shopify.system()));
    }

    String channel() {
        return shopify.channel();
    }

    /** Where the channel's orders ship from: its first location. */
    Contract.Location shipFrom() {
        return contract.location(contract.channel(shopify.channel()).orElseThrow().locations().get(0)).orElseThrow();
    }

    Optional<String> location(String shopifyLocationId) {
        return shopify.location(shopifyLocationId);
    }

    Optional<String> shopifyLocationOf(String location) {
        return shopify.shopifyLocationOf(location);
    }
}
