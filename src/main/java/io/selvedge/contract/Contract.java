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
        Shopify shopify,
        Map<String, PriceList> priceLists) {

    /** The hub itself owns inventory and customers; it is not a system with a key. */
    public static final String HUB = "hub";

    /** A contract without price lists (any list name is accepted; see {@link #priceListFor}) nor a {@code shopify:} section. */
    public Contract(String brand, Map<String, SystemDef> systems, Map<String, Location> locations, Map<String, Channel> channels,
                    Map<String, String> ownership, Map<String, Set<String>> writes, Map<String, Flow> flows, FinanceMapping finance,
                    Map<String, String> policies, Set<String> taxClasses) {
        this(brand, systems, locations, channels, ownership, writes, flows, finance, policies, taxClasses, Shopify.NONE, Map.of());
    }

    /** This contract with {@code writes} in place of its message writers, everything else kept. */
    public Contract withWriters(Map<String, Set<String>> writes) {
        return new Contract(brand, systems, locations, channels, ownership, Map.copyOf(writes), flows, finance, policies, taxClasses,
                shopify, priceLists);
    }

    public Optional<Location> location(String code) {
        return Optional.ofNullable(code).map(locations::get);
    }

    /**
     * The location a POS document's store id names (POSLog {@code BusinessUnit/UnitID} or {@code RetailStoreID}): the
     * location with that code, else the one listing the id in its {@code posLogIds}. Ids of digits match without their
     * leading zeros ("0100" is "100").
     */
    public Optional<Location> locationByPosLogId(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String wanted = Location.normalisedPosLogId(id);
        Location byCode = locations.get(id.strip());
        if (byCode != null) {
            return Optional.of(byCode);
        }
        return locations.values().stream().filter(l -> l.posLogIds().stream().map(Location::normalisedPosLogId).anyMatch(wanted::equals))
                .findFirst();
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

    /**
     * A duration as the contract writes them: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}, or ISO
     * 8601 ({@code PT1H}).
     *
     * @throws IllegalArgumentException when {@code text} is none of those
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.matches("\\d+(ms|s|m|h|d)")) {
                long n = Long.parseLong(t.replaceAll("\\D", ""));
                return switch (t.replaceAll("\\d", "")) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s, 15m, 2h or PT1H", e);
        }
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

    /** {@code posLogIds}: the store ids POS documents (POSLog) use for this location, when not its code. */
    public record Location(String code, String name, LocationType type, ZoneId zone, String country, TradingHours tradingHours,
                           List<String> posLogIds) {

        public Location {
            posLogIds = List.copyOf(posLogIds);
        }

        public Location(String code, String name, LocationType type, ZoneId zone, String country, TradingHours tradingHours) {
            this(code, name, type, zone, country, tradingHours, List.of());
        }

        static String normalisedPosLogId(String id) {
            String s = id.strip();
            return s.matches("\\d+") ? s.replaceFirst("^0+(?=\\d)", "") : s;
        }
    }

    public record Channel(String code, List<String> locations, long safetyBuffer) {
    }

    /** A price list: its currency and the channels that sell from it ({@code "*"}: every channel no other list of the currency names). */
    public record PriceList(String code, java.util.Currency currency, Set<String> channels) {
    }

    public record Flow(String name, String direction, String trigger, Duration maxLag, Duration silenceWindow) {
    }

    /**
     * The Shopify shop the hub hears webhooks from ({@code shopify:}): the app secrets its deliveries are signed with
     * (the current one, and the previous one for the hour after a rotation), the contract system and channel its orders
     * belong to, and its location ids mapped to contract locations. {@link #NONE} when the contract has no such section.
     */
    public record Shopify(List<String> webhookSecrets, String system, String channel, Map<String, String> locations) {

        public static final Shopify NONE = new Shopify(List.of(), null, null, Map.of());

        public Shopify {
            webhookSecrets = List.copyOf(webhookSecrets);
            locations = Map.copyOf(locations);
        }

        public boolean configured() {
            return !webhookSecrets.isEmpty();
        }

        /** The contract location of a Shopify location id. */
        public Optional<String> location(String shopifyLocationId) {
            return Optional.ofNullable(shopifyLocationId).map(locations::get);
        }

        /** The Shopify location id mapped to a contract location (the first, when several are). */
        public Optional<String> shopifyLocationOf(String location) {
            return locations.entrySet().stream().filter(e -> e.getValue().equals(location)).map(Map.Entry::getKey).sorted().findFirst();
        }
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
