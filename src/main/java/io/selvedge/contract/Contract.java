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
        Shopify shopify) {

    /** A contract without a {@code shopify:} section (the shape before it existed). */
    public Contract(String brand, Map<String, SystemDef> systems, Map<String, Location> locations, Map<String, Channel> channels,
                    Map<String, String> ownership, Map<String, Set<String>> writes, Map<String, Flow> flows, FinanceMapping finance,
                    Map<String, String> policies, Set<String> taxClasses) {
        this(brand, systems, locations, channels, ownership, writes, flows, finance, policies, taxClasses, Shopify.NONE);
    }

    /** The hub itself owns inventory and customers; it is not a system with a key. */
    public static final String HUB = "hub";

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
