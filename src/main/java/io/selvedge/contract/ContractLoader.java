package io.selvedge.contract;

import io.selvedge.contract.Contract.Channel;
import io.selvedge.contract.Contract.FinanceMapping;
import io.selvedge.contract.Contract.Flow;
import io.selvedge.contract.Contract.Location;
import io.selvedge.contract.Contract.PriceList;
import io.selvedge.contract.Contract.LocationType;
import io.selvedge.contract.Contract.SystemDef;
import io.selvedge.shared.Hashing;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a contract file and checks it whole: every reference resolves, every field family has exactly
 * one owner, keys are unique. Any problem fails with the line that caused it.
 */
public final class ContractLoader {

    /** The field families DESIGN.md says must each have exactly one owner. */
    static final List<String> FIELD_FAMILIES = List.of("product", "price", "promotion", "inventory", "customer", "sale", "order");

    private static final Set<String> DEVELOPMENT_KEYS = Set.of(
            "dev-erp-key", "dev-pos-key", "dev-web-key", "dev-wholesale-key", "dev-finance-key", "dev-ops-key");

    private ContractLoader() {
    }

    public static Contract load(String yaml, String source) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new ContractException(source + " line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
        }
        if (root == null) {
            throw new ContractException(source + " line 1: the contract is empty");
        }
        YamlNode top = new YamlNode(root, "", source);
        String brand = top.find("brand").map(YamlNode::text).orElse("Selvedge");

        Map<String, Location> locations = locations(top.get("locations"));
        Map<String, Channel> channels = channels(top.find("channels"), locations);
        Map<String, SystemDef> systems = systems(top.get("systems"), locations, channels);
        Map<String, String> ownership = ownership(top.get("ownership"), systems);
        Map<String, Set<String>> writes = writes(top.get("writes"), systems);
        Map<String, Flow> flows = flows(top.get("flows"));
        FinanceMapping finance = finance(top.find("finance"));
        Map<String, String> policies = new LinkedHashMap<>();
        top.find("policies").ifPresent(p -> p.mapping().forEach((k, v) -> policies.put(k, v.text())));
        Set<String> taxClasses = new LinkedHashSet<>();
        top.find("taxClasses").ifPresent(t -> taxClasses.addAll(t.texts()));
        Contract.Shopify shopify = top.find("shopify").map(s -> shopify(s, systems, locations, channels)).orElse(Contract.Shopify.NONE);
        Map<String, PriceList> priceLists = top.find("priceLists").map(p -> priceLists(p, channels)).orElse(Map.of());
        return new Contract(brand, Map.copyOf(systems), Map.copyOf(locations), Map.copyOf(channels), Map.copyOf(ownership),
                Map.copyOf(writes), Map.copyOf(flows), finance, Map.copyOf(policies), Set.copyOf(taxClasses), shopify, Map.copyOf(priceLists));
    }

    private static Map<String, Location> locations(YamlNode node) {
        Map<String, Location> locations = new LinkedHashMap<>();
        node.mapping().forEach((code, def) -> {
            String typeText = def.get("type").text();
            LocationType type;
            try {
                type = LocationType.valueOf(typeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw def.get("type").error("must be store or warehouse, not '" + typeText + "'");
            }
            YamlNode zoneNode = def.get("timeZone");
            ZoneId zone;
            try {
                zone = ZoneId.of(zoneNode.text());
            } catch (DateTimeException e) {
                throw zoneNode.error("is not a time zone: '" + zoneNode.text() + "'");
            }
            TradingHours hours = def.find("tradingHours").map(ContractLoader::tradingHours).orElse(TradingHours.always());
            String country = def.find("country").map(YamlNode::text).orElse("US");
            List<String> posLogIds = def.find("posLogIds").map(ContractLoader::posLogIds).orElse(List.of());
            locations.put(code, new Location(code, def.find("name").map(YamlNode::text).orElse(code), type, zone, country, hours, posLogIds));
        });
        if (locations.isEmpty()) {
            throw node.error("must name at least one location");
        }
        checkPosLogIds(node, locations);
        return locations;
    }

    private static List<String> posLogIds(YamlNode node) {
        List<String> ids = new java.util.ArrayList<>();
        for (YamlNode item : node.sequence()) {
            if (item.text().isBlank()) {
                throw item.error("must be a store id such as \"100\"");
            }
            ids.add(item.text().strip());
        }
        return ids;
    }

    /** A POSLog store id names one location only, and never another location's code, so a document's store is never ambiguous. */
    private static void checkPosLogIds(YamlNode node, Map<String, Location> locations) {
        Map<String, String> owners = new LinkedHashMap<>();
        locations.forEach((code, location) -> {
            for (String id : location.posLogIds()) {
                String key = Location.normalisedPosLogId(id);
                String other = locations.containsKey(id) && !id.equals(code) ? id : owners.putIfAbsent(key, code);
                if (other != null && !other.equals(code)) {
                    throw node.get(code).get("posLogIds").error("lists '" + id + "', which already names location " + other);
                }
            }
        });
    }

    private static TradingHours tradingHours(YamlNode node) {
        if (!(node.mapping().size() > 0)) {
            throw node.error("must map days (mon-sat, sun) to hours such as 10:00-20:00");
        }
        Map<DayOfWeek, TradingHours.Window> days = new EnumMap<>(DayOfWeek.class);
        node.mapping().forEach((dayRange, hours) -> {
            TradingHours.Window window = window(hours);
            for (DayOfWeek day : dayRange(dayRange, hours)) {
                days.put(day, window);
            }
        });
        return new TradingHours(days);
    }

    private static List<DayOfWeek> dayRange(String text, YamlNode at) {
        String[] ends = text.toLowerCase(Locale.ROOT).split("-");
        DayOfWeek from = day(ends[0], at);
        DayOfWeek to = ends.length > 1 ? day(ends[1], at) : from;
        List<DayOfWeek> days = new java.util.ArrayList<>();
        for (DayOfWeek d = from; ; d = d.plus(1)) {
            days.add(d);
            if (d == to) {
                return days;
            }
        }
    }

    private static DayOfWeek day(String abbreviation, YamlNode at) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().toLowerCase(Locale.ROOT).startsWith(abbreviation) && abbreviation.length() >= 3) {
                return day;
            }
        }
        throw at.error("has an unknown day '" + abbreviation + "' (use mon, tue, ... or a range such as mon-fri)");
    }

    private static TradingHours.Window window(YamlNode node) {
        String[] parts = node.text().split("-");
        try {
            if (parts.length != 2) {
                throw new DateTimeParseException("not a range", node.text(), 0);
            }
            LocalTime close = parts[1].trim().equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(parts[1].trim());
            return new TradingHours.Window(LocalTime.parse(parts[0].trim()), close);
        } catch (DateTimeParseException e) {
            throw node.error("must be hours such as 10:00-20:00, not '" + node.text() + "'");
        }
    }

    private static Map<String, Channel> channels(java.util.Optional<YamlNode> node, Map<String, Location> locations) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        // DESIGN: each store sells from itself, a channel of its own with no buffer.
        locations.values().stream().filter(l -> l.type() == LocationType.STORE)
                .forEach(l -> channels.put(l.code(), new Channel(l.code(), List.of(l.code()), 0)));
        node.ifPresent(n -> n.mapping().forEach((code, def) -> {
            List<String> from = def.get("locations").texts();
            for (YamlNode location : def.get("locations").sequence()) {
                if (!locations.containsKey(location.text())) {
                    throw location.error("names unknown location '" + location.text() + "'");
                }
            }
            long buffer = def.find("safetyBuffer").map(b -> nonNegative(b)).orElse(0L);
            channels.put(code, new Channel(code, List.copyOf(from), buffer));
        }));
        return channels;
    }

    /**
     * {@code priceLists: {retail-usd: {currency: USD, channels: ["*"]}, ...}}. Each channel sells from one list per
     * currency, so two lists of a currency may not name the same channel, nor both name {@code "*"}.
     */
    private static Map<String, PriceList> priceLists(YamlNode node, Map<String, Channel> channels) {
        Map<String, PriceList> lists = new LinkedHashMap<>();
        Map<String, String> taken = new LinkedHashMap<>(); // "USD|web" -> the list that has it
        node.mapping().forEach((code, def) -> {
            if (!code.matches("[A-Za-z0-9._-]{1,64}")) {
                throw def.error("must be named with 1 to 64 letters, digits, '.', '_' or '-'");
            }
            YamlNode currencyNode = def.get("currency");
            Currency currency;
            try {
                currency = Currency.getInstance(currencyNode.text());
            } catch (IllegalArgumentException e) {
                throw currencyNode.error("is not an ISO 4217 currency code: '" + currencyNode.text() + "'");
            }
            List<YamlNode> named = def.get("channels").sequence();
            if (named.isEmpty()) {
                throw def.get("channels").error("must name at least one channel (or \"*\": every channel)");
            }
            Set<String> chans = new LinkedHashSet<>();
            for (YamlNode item : named) {
                String channel = item.text();
                if (!channel.equals("*") && !channels.containsKey(channel)) {
                    throw item.error("names unknown channel '" + channel + "' (each store is a channel of its own)");
                }
                String other = taken.putIfAbsent(currency.getCurrencyCode() + "|" + channel, code);
                if (other != null) {
                    throw item.error("'" + channel + "' already sells from price list " + other + " in " + currency.getCurrencyCode()
                            + ": a channel has one price list per currency");
                }
                chans.add(channel);
            }
            lists.put(code, new PriceList(code, currency, Set.copyOf(chans)));
        });
        return lists;
    }

    private static long nonNegative(YamlNode node) {
        try {
            long value = Long.parseLong(node.text());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw node.error("must be a whole number of units, zero or more");
    }

    private static Map<String, SystemDef> systems(YamlNode node, Map<String, Location> locations, Map<String, Channel> channels) {
        Map<String, SystemDef> systems = new LinkedHashMap<>();
        Set<String> keyHashes = new LinkedHashSet<>();
        node.mapping().forEach((name, def) -> {
            if (name.equals(Contract.HUB)) {
                throw def.error("is reserved: the hub is not a system with a key");
            }
            String hash;
            boolean development;
            var plain = def.find("key");
            var hashed = def.find("keySha256");
            if (plain.isPresent()) {
                // a key read from a file is kept only as its hash in memory
                hash = Hashing.sha256Hex(plain.get().text());
                development = DEVELOPMENT_KEYS.contains(plain.get().text()) || plain.get().text().startsWith("dev-");
            } else if (hashed.isPresent()) {
                hash = hashed.get().text().toLowerCase(Locale.ROOT);
                if (!hash.matches("[0-9a-f]{64}")) {
                    throw hashed.get().error("must be 64 hex digits (the SHA-256 of the key)");
                }
                development = DEVELOPMENT_KEYS.stream().map(Hashing::sha256Hex).anyMatch(hash::equals);
            } else {
                throw def.error("needs a key or a keySha256");
            }
            if (!keyHashes.add(hash)) {
                throw def.error("has the same key as another system");
            }
            Set<String> locs = new LinkedHashSet<>();
            def.find("locations").ifPresent(l -> l.sequence().forEach(item -> {
                if (!item.text().equals("*") && !locations.containsKey(item.text())) {
                    throw item.error("names unknown location '" + item.text() + "'");
                }
                locs.add(item.text());
            }));
            Set<String> chans = new LinkedHashSet<>();
            def.find("channels").ifPresent(c -> c.sequence().forEach(item -> {
                if (!item.text().equals("*") && !channels.containsKey(item.text())) {
                    throw item.error("names unknown channel '" + item.text() + "'");
                }
                chans.add(item.text());
            }));
            systems.put(name, new SystemDef(name, hash, development, Set.copyOf(locs), Set.copyOf(chans)));
        });
        return systems;
    }

    private static Map<String, String> ownership(YamlNode node, Map<String, SystemDef> systems) {
        Map<String, String> ownership = new LinkedHashMap<>();
        node.mapping().forEach((field, owner) -> {
            String name = owner.text();
            if (!name.equals(Contract.HUB) && !systems.containsKey(name)) {
                throw owner.error("names unknown system '" + name + "'");
            }
            String key = field.endsWith(".*") ? field.substring(0, field.length() - 2) : field;
            ownership.put(key, name);
        });
        for (String family : FIELD_FAMILIES) {
            if (!ownership.containsKey(family)) {
                throw node.error("leaves " + family + ".* without an owner: every field has exactly one owner");
            }
        }
        String promotions = ownership.get("promotion");
        if (!promotions.equals("erp") && !promotions.equals("pos")) {
            throw node.mapping().getOrDefault("promotion.*", node.mapping().getOrDefault("promotion", node))
                    .error("must give promotions to the back office (erp) or the POS (pos)");
        }
        return ownership;
    }

    private static Map<String, Set<String>> writes(YamlNode node, Map<String, SystemDef> systems) {
        Map<String, Set<String>> writes = new LinkedHashMap<>();
        node.mapping().forEach((message, writers) -> {
            Set<String> names = new LinkedHashSet<>();
            for (YamlNode writer : writers.sequence()) {
                if (!systems.containsKey(writer.text())) {
                    throw writer.error("names unknown system '" + writer.text() + "'");
                }
                names.add(writer.text());
            }
            writes.put(message, Set.copyOf(names));
        });
        return writes;
    }

    private static Map<String, Flow> flows(YamlNode node) {
        Map<String, Flow> flows = new LinkedHashMap<>();
        node.mapping().forEach((name, def) -> flows.put(name, new Flow(name,
                def.find("direction").map(YamlNode::text).orElse(""),
                def.find("trigger").map(YamlNode::text).orElse("on-event"),
                duration(def.get("maxLag")),
                duration(def.get("silenceWindow")))));
        return flows;
    }

    private static Duration duration(YamlNode node) {
        try {
            return Contract.duration(node.text());
        } catch (IllegalArgumentException e) {
            throw node.error("must be a duration such as 500ms, 30s, 15m, 2h or PT1H, not '" + node.text().trim() + "'");
        }
    }

    /**
     * {@code shopify: {webhookSecret, previousWebhookSecret?, system, channel, locations: {<shopify location id>: LOCATION}}}:
     * the system must sell through the channel, and every mapped location must be a contract location.
     */
    private static Contract.Shopify shopify(YamlNode node, Map<String, SystemDef> systems, Map<String, Location> locations,
                                            Map<String, Channel> channels) {
        List<String> secrets = new java.util.ArrayList<>();
        YamlNode secret = node.get("webhookSecret");
        if (secret.text().isBlank()) {
            throw secret.error("must not be empty");
        }
        secrets.add(secret.text());
        node.find("previousWebhookSecret").filter(p -> !p.text().isBlank()).ifPresent(p -> secrets.add(p.text()));
        YamlNode systemNode = node.get("system");
        SystemDef system = systems.get(systemNode.text());
        if (system == null) {
            throw systemNode.error("names unknown system '" + systemNode.text() + "'");
        }
        YamlNode channelNode = node.get("channel");
        if (!channels.containsKey(channelNode.text()) || locations.containsKey(channelNode.text())) {
            throw channelNode.error("names no web or wholesale channel '" + channelNode.text() + "'");
        }
        if (!system.sellsThrough(channelNode.text())) {
            throw channelNode.error("is not a channel system '" + system.name() + "' sells through");
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        node.find("locations").ifPresent(l -> l.mapping().forEach((id, location) -> {
            if (!id.matches("\\d{1,20}")) {
                throw location.error("must be keyed by a Shopify location id (digits), not '" + id + "'");
            }
            if (!locations.containsKey(location.text())) {
                throw location.error("names unknown location '" + location.text() + "'");
            }
            mapped.put(id, location.text());
        }));
        return new Contract.Shopify(secrets, system.name(), channelNode.text(), mapped);
    }

    private static FinanceMapping finance(java.util.Optional<YamlNode> node) {
        Map<String, Map<String, String>> accounts = new LinkedHashMap<>();
        node.ifPresent(n -> n.get("accounts").mapping().forEach((group, value) -> {
            Map<String, String> entries = new LinkedHashMap<>();
            try {
                value.mapping().forEach((k, v) -> entries.put(k, v.text()));
            } catch (ContractException notAMapping) {
                entries.put("default", value.text());
            }
            accounts.put(group, Map.copyOf(entries));
        }));
        return new FinanceMapping(Map.copyOf(accounts));
    }
}
