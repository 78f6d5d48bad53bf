package io.selvedge.monitoring.domain;

import io.selvedge.contract.Contract;
import io.selvedge.contract.TradingHours;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which row an outbox event belongs to, and which rows the contract expects to hear from at all (so a
 * store that never sent anything still goes SILENT). The five flows of DESIGN.md and their events:
 * <ul>
 *   <li>catalog: {@code catalog.changed}, {@code price.changed}, from the writer of {@code catalog.style};</li>
 *   <li>availability: {@code availability.changed}, from the hub, per location;</li>
 *   <li>sales: {@code order.*}, from the store's POS system per store, or the channel's system;</li>
 *   <li>customers: {@code customer.*}, the hub's;</li>
 *   <li>settlement: {@code settlement.closed}, {@code journal.posted}, from the store's POS system per store.</li>
 * </ul>
 * Only sales events carry their source's own time ({@code occurredAt} as the register or web shop saw it), so
 * only they measure lag: the hub stamps catalogue, customer and settlement events itself, and a movement's
 * time may be a count's as-of time, days back by design.
 */
public final class FlowRoutes {

    public static final String CATALOG = "catalog";
    public static final String AVAILABILITY = "availability";
    public static final String SALES = "sales";
    public static final String CUSTOMERS = "customers";
    public static final String SETTLEMENT = "settlement";
    public static final String HUB = Contract.HUB;

    private final Contract contract;

    public FlowRoutes(Contract contract) {
        this.contract = contract;
    }

    /** An outbox event as monitoring reads it; {@code store} and {@code channel} are set for sales events. */
    public record Seen(String type, String location, String store, String channel) {
    }

    /** The row of an event, and whether its {@code occurredAt} is the source's own time (so it has a lag). */
    public record Route(FlowKey key, boolean carriesSourceTime) {
    }

    public Optional<Route> route(Seen event) {
        String type = event.type();
        if (type.equals("catalog.changed") || type.equals("price.changed")) {
            return Optional.of(new Route(FlowKey.of(CATALOG, catalogSystem()), false));
        }
        if (type.equals("availability.changed") && event.location() != null) {
            return Optional.of(new Route(new FlowKey(AVAILABILITY, HUB, event.location()), false));
        }
        if (type.startsWith("order.")) {
            if (event.store() != null) {
                return Optional.of(new Route(new FlowKey(SALES, storeSystem(event.store()), event.store()), true));
            }
            if (event.channel() != null) {
                return Optional.of(new Route(FlowKey.of(SALES, channelSystem(event.channel())), true));
            }
            return Optional.empty();
        }
        if (type.startsWith("customer.")) {
            return Optional.of(new Route(FlowKey.of(CUSTOMERS, HUB), false));
        }
        if ((type.equals("settlement.closed") || type.equals("journal.posted")) && event.location() != null) {
            return Optional.of(new Route(new FlowKey(SETTLEMENT, storeSystem(event.location()), event.location()), false));
        }
        return Optional.empty();
    }

    /**
     * The rows of the contract's flows, DESIGN.md's five first, then any other the contract names: every store,
     * location and channel a flow spans, in code order (the contract's maps have no order of their own).
     */
    public List<FlowKey> expected() {
        List<String> flows = new ArrayList<>();
        for (String known : List.of(CATALOG, AVAILABILITY, SALES, CUSTOMERS, SETTLEMENT)) {
            if (contract.flows().containsKey(known)) {
                flows.add(known);
            }
        }
        contract.flows().keySet().stream().filter(f -> !flows.contains(f)).sorted().forEach(flows::add);
        Set<FlowKey> keys = new LinkedHashSet<>();
        for (String flow : flows) {
            switch (flow) {
                case CATALOG -> keys.add(FlowKey.of(CATALOG, catalogSystem()));
                case AVAILABILITY -> {
                    keys.add(FlowKey.of(AVAILABILITY, HUB));
                    contract.locations().keySet().stream().sorted().forEach(l -> keys.add(new FlowKey(AVAILABILITY, HUB, l)));
                }
                case SALES -> {
                    storeRows(SALES, keys);
                    // every store is also a channel of its own (DESIGN); those are the store rows above
                    contract.channels().keySet().stream().sorted().filter(c -> !isStore(c))
                            .forEach(c -> channelWriter(c).ifPresent(system -> keys.add(FlowKey.of(SALES, system))));
                }
                case CUSTOMERS -> keys.add(FlowKey.of(CUSTOMERS, HUB));
                case SETTLEMENT -> storeRows(SETTLEMENT, keys);
                default -> keys.add(FlowKey.of(flow, HUB));
            }
        }
        return new ArrayList<>(keys);
    }

    private boolean isStore(String code) {
        return contract.location(code).map(l -> l.type() == Contract.LocationType.STORE).orElse(false);
    }

    private void storeRows(String flow, Set<FlowKey> keys) {
        List<Contract.Location> stores = contract.locations().values().stream()
                .filter(l -> l.type() == Contract.LocationType.STORE)
                .sorted(java.util.Comparator.comparing(Contract.Location::code)).toList();
        for (Contract.Location store : stores) {
            keys.add(FlowKey.of(flow, storeSystem(store.code())));
        }
        for (Contract.Location store : stores) {
            keys.add(new FlowKey(flow, storeSystem(store.code()), store.code()));
        }
    }

    public Optional<Contract.Flow> flow(String name) {
        return Optional.ofNullable(contract.flows().get(name));
    }

    /** When a row's location trades; a row without a location (the catalogue, a web shop) trades all day. */
    public TradingHours hours(FlowKey key) {
        return contract.location(key.location()).map(Contract.Location::tradingHours).orElseGet(TradingHours::always);
    }

    public ZoneId zone(FlowKey key) {
        return contract.location(key.location()).map(Contract.Location::zone).orElse(ZoneOffset.UTC);
    }

    /** The system that sends a store's transactions: a writer of {@code pos.transaction} that speaks for it. */
    String storeSystem(String store) {
        return firstWriter("pos.transaction", s -> s.actsFor(store) && !s.locations().contains("*"))
                .or(() -> firstWriter("pos.transaction", s -> s.actsFor(store)))
                .orElse(HUB);
    }

    /** The system that sells through a channel: a writer of {@code order.<channel>} that sells through it. */
    String channelSystem(String channel) {
        return channelWriter(channel).orElse(channel);
    }

    private Optional<String> channelWriter(String channel) {
        return firstWriter("order." + channel, s -> s.sellsThrough(channel));
    }

    String catalogSystem() {
        return firstWriter("catalog.style", s -> true).orElse(HUB);
    }

    private Optional<String> firstWriter(String message, java.util.function.Predicate<Contract.SystemDef> fits) {
        Map<String, Contract.SystemDef> systems = contract.systems();
        return contract.writersOf(message).stream().sorted()
                .filter(name -> systems.containsKey(name) && fits.test(systems.get(name)))
                .findFirst();
    }
}
