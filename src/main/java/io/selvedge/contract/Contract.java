package io.selvedge.contract;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The loaded data contract. Immutable; every lookup the hub makes about who owns what goes through here.
 */
public record Contract(
        String brand,
        Map<String, SystemDef> systems,
        Map<String, Location> locations,
        Map<String, Channel> channels,
        Map<String, String> ownership,
        Map<String, Set<String>> writes,
        Map<String, Flow> flows,
        FinanceMapping finance,
        Map<String, String> policies,
        Set<String> taxClasses,
        Map<String, PriceList> priceLists) {

    /** The hub itself owns inventory and customers; it is not a system with a key. */
    public static final String HUB = "hub";

    /** A contract that declares no price lists (any list name is accepted; see {@link #priceListFor}). */
    public Contract(String brand, Map<String, SystemDef> systems, Map<String, Location> locations, Map<String, Channel> channels,
                    Map<String, String> ownership, Map<String, Set<String>> writes, Map<String, Flow> flows, FinanceMapping finance,
                    Map<String, String> policies, Set<String> taxClasses) {
        this(brand, systems, locations, channels, ownership, writes, flows, finance, policies, taxClasses, Map.of());
    }

    public Optional<Location> location(String code) {
        return Optional.ofNullable(code).map(locations::get);
    }

    public Optional<Channel> channel(String code) {
        return Optional.ofNullable(code).map(channels::get);
    }

    /** The owner of a field such as {@code price.amount}: the field's own entry, else its family's ({@code price}). */
    public String ownerOf(String field) {
        String owner = ownership.get(field);
        if (owner != null) {
            return owner;
        }
        int dot = field.indexOf('.');
        String family = dot < 0 ? field : field.substring(0, dot);
        owner = ownership.get(family);
        if (owner == null) {
            throw new IllegalArgumentException("the contract names no owner for " + field);
        }
        return owner;
    }

    public Set<String> writersOf(String message) {
        return writes.getOrDefault(message, Set.of());
    }

    /** Whether styles may use {@code taxClass}: any when the contract lists none. */
    public boolean knowsTaxClass(String taxClass) {
        return taxClasses.isEmpty() || taxClasses.contains(taxClass);
    }

    /** Whether prices may be published on {@code priceList}: any when the contract declares no price lists. */
    public boolean knowsPriceList(String priceList) {
        return priceLists.isEmpty() || priceLists.containsKey(priceList);
    }

    public Optional<PriceList> priceList(String code) {
        return Optional.ofNullable(code).map(priceLists::get);
    }

    /**
     * The price list a channel (a store is a channel of its own) sells from in {@code currency}: the list of that
     * currency naming the channel, else the one naming {@code "*"}. A contract without price lists sells from
     * {@code retail-<currency>} everywhere, e.g. {@code retail-usd}.
     */
    public Optional<String> priceListFor(String channel, java.util.Currency currency) {
        if (currency == null) {
            return Optional.empty();
        }
        if (priceLists.isEmpty()) {
            return Optional.of("retail-" + currency.getCurrencyCode().toLowerCase(java.util.Locale.ROOT));
        }
        String fallback = null;
        for (PriceList list : priceLists.values()) {
            if (!list.currency().equals(currency)) {
                continue;
            }
            if (channel != null && list.channels().contains(channel)) {
                return Optional.of(list.code());
            }
            if (list.channels().contains("*")) {
                fallback = list.code();
            }
        }
        return Optional.ofNullable(fallback);
    }

    public String policy(String name, String fallback) {
        return policies.getOrDefault(name, fallback);
    }

    public record SystemDef(String name, String keySha256, boolean developmentKey, Set<String> locations, Set<String> channels) {

        public boolean actsFor(String location) {
            return locations.contains("*") || locations.contains(location);
        }

        public boolean sellsThrough(String channel) {
            return channels.contains("*") || channels.contains(channel);
        }
    }

    public enum LocationType { STORE, WAREHOUSE }

    public record Location(String code, String name, LocationType type, ZoneId zone, String country, TradingHours tradingHours) {
    }

    public record Channel(String code, List<String> locations, long safetyBuffer) {
    }

    /** A price list: its currency and the channels that sell from it ({@code "*"}: every channel no other list of the currency names). */
    public record PriceList(String code, java.util.Currency currency, Set<String> channels) {
    }

    public record Flow(String name, String direction, String trigger, Duration maxLag, Duration silenceWindow) {
    }

    /** GL accounts finance posts to; lookups fall back to the {@code default} entry of a group. */
    public record FinanceMapping(Map<String, Map<String, String>> accounts) {

        public Optional<String> account(String group, String key) {
            Map<String, String> entries = accounts.get(group);
            if (entries == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(entries.getOrDefault(key, entries.get("default")));
        }
    }
}
