package io.selvedge.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.contract.Contract;
import io.selvedge.events.EventFeed;
import io.selvedge.monitoring.domain.FlowKey;
import io.selvedge.monitoring.domain.FlowRoutes;
import io.selvedge.monitoring.domain.FlowTracker;
import io.selvedge.monitoring.domain.Judgement;
import io.selvedge.monitoring.domain.LagHistory;
import io.selvedge.monitoring.domain.LagWindow;
import io.selvedge.monitoring.domain.Status;
import io.selvedge.monitoring.domain.StatusRules;
import io.selvedge.monitoring.domain.TradingTime;
import io.selvedge.monitoring.jdbc.JdbcFlowStatuses;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Flow health, learnt from the events module's feed and from the meters other modules record (no module calls it).
 * Each look ({@link #flows()}, {@link #summary}) first reads what happened since the last one: new outbox
 * events (last event, events, lag of sales from their own {@code occurredAt} to the hub's commit, contract
 * violations) and the {@code selvedge.flow.*} meters (received, errors by reason); then judges every row
 * with {@link StatusRules}. The sweeper ({@link #sweep()}) also publishes each status change once, as a
 * {@code monitoring.alert} event written with the change, and a log line.
 *
 * <p>Counts and lag live in memory (since the hub started, like the meters they come from); the published
 * statuses, each row's last event time and the outbox cursor are stored, so a restart neither re-alerts
 * nor forgets how long a store has been quiet.
 */
@Service
public class FlowMonitor {

    public static final String ALERT = "monitoring.alert";

    private static final Logger log = LoggerFactory.getLogger(FlowMonitor.class);
    private static final int TAIL_BATCH = 1000;
    private static final int TAIL_BATCHES_PER_LOOK = 50;
    private static final int LAG_SAMPLES = 20_000;
    private static final int HISTORY_RESERVOIR = 512;
    private static final int RECENT_ERRORS = 50;
    /** The only events whose data monitoring reads: orders (store or channel) and contract violations (who, what). */
    private static final List<String> WITH_DATA = List.of("order.", "contract.violation");

    private final FlowRoutes routes;
    private final String brand;
    private final EventFeed feed;
    private final JdbcFlowStatuses statuses;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final JsonMapper json;
    private final Clock clock;
    private final MonitoringSettings settings;
    private final StatusRules rules;

    private final Map<FlowKey, FlowTracker> trackers = new LinkedHashMap<>();
    private final Map<FlowKey, Status> published = new HashMap<>();
    private final Map<FlowKey, Instant> storedLastEvent = new HashMap<>();
    private final Map<FlowKey, Map<String, Long>> errorsSeen = new HashMap<>();
    private final ArrayDeque<RecentError> recentErrors = new ArrayDeque<>();
    private boolean started;
    private Instant startedAt;
    private long cursor;
    private long storedCursor;

    public FlowMonitor(Contract contract, EventFeed feed, JdbcFlowStatuses statuses, WriteTransactions writes, Outbox outbox,
                       MeterRegistry meters, JsonMapper json, Clock clock, MonitoringSettings settings) {
        this.routes = new FlowRoutes(contract);
        this.brand = contract.brand();
        this.feed = feed;
        this.statuses = statuses;
        this.writes = writes;
        this.outbox = outbox;
        this.meters = meters;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.rules = settings.rules();
    }

    /** Every row, judged now: the contract's flows by system and location, then any flow only a meter names. */
    public synchronized List<FlowView> flows() {
        Instant now = clock.instant();
        look(now);
        return views(now);
    }

    /**
     * What the dashboard shows: the rows, lag per minute over {@code span}, recent errors, the hub's counters and the
     * {@code subscribers}' backlogs (taken by the caller, who knows whose it may see).
     */
    public synchronized MonitoringSummary summary(Duration span, List<SubscriberView> subscribers) {
        Instant now = clock.instant();
        look(now);
        List<MonitoringSummary.LagSeries> lag = new ArrayList<>();
        for (FlowTracker tracker : trackers.values()) {
            List<LagHistory.Point> points = tracker.history(now, span);
            if (!points.isEmpty()) {
                FlowKey key = tracker.key();
                lag.add(new MonitoringSummary.LagSeries(key.flow(), key.system(), key.location(), points));
            }
        }
        List<RecentError> errors = new ArrayList<>(recentErrors);
        java.util.Collections.reverse(errors);
        return new MonitoringSummary(brand, now, views(now), lag, errors, counted("selvedge.contract.violations", "system", "kind"),
                counted("selvedge.inventory.oversells", "location"), MonitoringSummary.Delivery.of(meters), List.copyOf(subscribers));
    }

    /** A status a sweep published: the row, what it was, what it is now. */
    record Change(FlowKey key, Status previous, Judgement now, FlowView view) {
    }

    /** Judges every row and publishes what changed: one {@code monitoring.alert} per change, written with it. */
    synchronized List<Change> sweep() {
        Instant now = clock.instant();
        look(now);
        List<FlowView> views = views(now);
        List<Change> changes = new ArrayList<>();
        Map<FlowKey, Instant> touched = new LinkedHashMap<>();
        int i = 0;
        for (FlowTracker tracker : trackers.values()) {
            FlowKey key = tracker.key();
            FlowView view = views.get(i++);
            Status before = published.getOrDefault(key, Status.OK);
            if (tracker.judgement().status() != before) {
                changes.add(new Change(key, before, tracker.judgement(), view));
            }
            Instant last = tracker.lastEventAt();
            if (last != null && !last.equals(storedLastEvent.get(key))) {
                touched.put(key, last);
            }
        }
        long position = cursor;
        if (changes.isEmpty() && touched.isEmpty() && position == storedCursor) {
            return List.of();
        }
        List<Change> alerted = writes.write(() -> {
            List<Change> done = new ArrayList<>();
            for (Change change : changes) {
                // another hub instance on the same database may have published it already
                Status stored = statuses.status(change.key()).orElse(Status.OK);
                if (stored == change.now().status()) {
                    continue;
                }
                statuses.publish(change.key(), change.now().status(), change.now().reason(), now, change.view().lastEventAt());
                outbox.append(alert(change, stored, now));
                done.add(new Change(change.key(), stored, change.now(), change.view()));
            }
            touched.forEach((key, at) -> statuses.lastEventAt(key, at, now));
            statuses.saveCursor(position, startedAt, now);
            return done;
        });
        changes.forEach(c -> published.put(c.key(), c.now().status()));
        storedLastEvent.putAll(touched);
        storedCursor = Math.max(storedCursor, position);
        for (Change change : alerted) {
            log.warn("event=monitoring.alert flow={} system={} location={} status={} previous={} reason=\"{}\"",
                    change.key().flow(), change.key().system(), change.key().location() == null ? "*" : change.key().location(),
                    change.now().status(), change.previous(), change.now().reason() == null ? "" : change.now().reason());
        }
        return alerted;
    }

    private OutgoingEvent alert(Change change, Status previous, Instant now) {
        FlowView view = change.view();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("flow", view.flow());
        data.put("system", view.system());
        data.put("location", view.location());
        data.put("status", change.now().status().name());
        data.put("previousStatus", previous.name());
        data.put("reason", change.now().reason());
        data.put("lastEventAt", view.lastEventAt() == null ? null : view.lastEventAt().toString());
        data.put("lagP50Ms", view.lagP50Ms());
        data.put("lagP99Ms", view.lagP99Ms());
        data.put("maxLagMs", view.maxLagMs());
        data.put("silenceWindowMs", view.silenceWindowMs());
        FlowKey key = change.key();
        return new OutgoingEvent(ALERT, "monitoring|" + key, key.location(), now, data);
    }

    /**
     * Starts watching: restores the published statuses and, on a first start ever, places the outbox cursor at
     * the current end, so events written from now on are all seen. Called before the hub takes requests.
     */
    synchronized void begin() {
        start(clock.instant());
    }

    // --- looking: read what happened since the last look, then judge ---

    private void look(Instant now) {
        start(now);
        readOutbox(now);
        readMeters(now);
        for (FlowTracker tracker : trackers.values()) {
            tracker.checkpoint(now, settings.window(), settings.history());
        }
        judge(now);
    }

    private void start(Instant now) {
        if (started) {
            return;
        }
        Optional<JdbcFlowStatuses.Cursor> saved = statuses.cursor();
        startedAt = saved.map(JdbcFlowStatuses.Cursor::watchingSince).orElse(now);
        cursor = saved.map(JdbcFlowStatuses.Cursor::outboxId).orElseGet(feed::last);
        storedCursor = saved.map(JdbcFlowStatuses.Cursor::outboxId).orElse(-1L);
        Map<FlowKey, JdbcFlowStatuses.Stored> stored = new LinkedHashMap<>();
        for (JdbcFlowStatuses.Stored row : statuses.all()) {
            stored.put(row.key(), row);
            published.put(row.key(), row.status());
            if (row.lastEventAt() != null) {
                storedLastEvent.put(row.key(), row.lastEventAt());
            }
        }
        for (FlowKey key : routes.expected()) {
            tracker(key, stored.remove(key));
        }
        // rows a meter created before a restart keep their place too
        stored.forEach(this::tracker);
        started = true;
    }

    private FlowTracker tracker(FlowKey key) {
        return tracker(key, null);
    }

    private FlowTracker tracker(FlowKey key, JdbcFlowStatuses.Stored stored) {
        FlowTracker existing = trackers.get(key);
        if (existing != null) {
            return existing;
        }
        FlowTracker tracker = stored == null ? new FlowTracker(key, startedAt, null, LAG_SAMPLES, HISTORY_RESERVOIR)
                : new FlowTracker(key, startedAt, stored.lastEventAt(), new Judgement(stored.status(), stored.reason()),
                        stored.changedAt(), LAG_SAMPLES, HISTORY_RESERVOIR);
        trackers.put(key, tracker);
        String location = key.location() == null ? "all" : key.location();
        Gauge.builder("selvedge.monitoring.flow.status", tracker, t -> t.judgement().status().ordinal())
                .description("flow status: 0 OK, 1 LATE, 2 SILENT, 3 FAILING")
                .tags("flow", key.flow(), "system", key.system(), "location", location)
                .register(meters);
        Gauge.builder("selvedge.monitoring.flow.silence", tracker, t -> Duration.between(t.quietSince(), clock.instant()).toSeconds())
                .description("seconds since the flow's last event (or since monitoring began, for a flow never heard)")
                .baseUnit("seconds")
                .tags("flow", key.flow(), "system", key.system(), "location", location)
                .register(meters);
        return tracker;
    }

    private void readOutbox(Instant now) {
        for (int batch = 0; batch < TAIL_BATCHES_PER_LOOK; batch++) {
            List<EventFeed.Watched> rows = feed.watch(cursor, TAIL_BATCH, WITH_DATA);
            for (EventFeed.Watched row : rows) {
                observe(row);
                cursor = row.sequence();
            }
            if (rows.size() < TAIL_BATCH) {
                return;
            }
        }
    }

    private void observe(EventFeed.Watched row) {
        JsonNode data = parse(row.data());
        if (row.type().equals("contract.violation")) {
            remember(new RecentError(row.recordedAt(), "contract", text(data, "system"), null, "contract-violation", 1,
                    text(data, "detail")));
            return;
        }
        routes.route(new FlowRoutes.Seen(row.type(), row.location(), text(data, "store"), text(data, "channel"))).ifPresent(route -> {
            FlowKey key = route.key();
            long lagMs = Duration.between(row.occurredAt(), row.recordedAt()).toMillis();
            for (FlowKey target : key.isAllLocations() ? List.of(key) : List.of(key, key.allLocations())) {
                FlowTracker tracker = tracker(target);
                tracker.event(row.recordedAt());
                if (route.carriesSourceTime()) {
                    tracker.lag(row.recordedAt(), lagMs);
                }
            }
        });
    }

    private JsonNode parse(String data) {
        if (data == null) {
            return null;
        }
        try {
            return json.readTree(data);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode data, String field) {
        if (data == null) {
            return null;
        }
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /**
     * The flow meters: {@code selvedge.flow.received} and {@code selvedge.flow.errors} tagged flow, system and
     * (when a module adds it) location; a located meter counts for its location's row and for the all-locations
     * row. The customers module counts resolved customers without flow tags: those are the customers flow's.
     */
    private void readMeters(Instant now) {
        Map<FlowKey, Long> received = new HashMap<>();
        Map<FlowKey, Map<String, Long>> errors = new HashMap<>();
        Map<FlowKey, Map<String, Long>> ownErrors = new HashMap<>();
        for (Meter meter : meters.find("selvedge.flow.received").meters()) {
            flowKey(meter).ifPresent(key -> {
                for (FlowKey target : targets(key)) {
                    received.merge(target, count(meter), Long::sum);
                }
            });
        }
        for (Meter meter : meters.find("selvedge.flow.errors").meters()) {
            flowKey(meter).ifPresent(key -> {
                String reason = Optional.ofNullable(meter.getId().getTag("reason")).orElse("unknown");
                long n = count(meter);
                ownErrors.computeIfAbsent(key, k -> new TreeMap<>()).merge(reason, n, Long::sum);
                for (FlowKey target : targets(key)) {
                    errors.computeIfAbsent(target, k -> new TreeMap<>()).merge(reason, n, Long::sum);
                }
            });
        }
        FlowKey customers = FlowKey.of(FlowRoutes.CUSTOMERS, FlowRoutes.HUB);
        if (trackers.containsKey(customers) && !received.containsKey(customers)) {
            long resolved = 0;
            boolean any = false;
            for (Meter meter : meters.find("selvedge.customers.resolved").meters()) {
                resolved += count(meter);
                any = true;
            }
            if (any) {
                received.put(customers, resolved);
            }
        }
        ownErrors.forEach((key, byReason) -> {
            Map<String, Long> before = errorsSeen.computeIfAbsent(key, k -> new HashMap<>());
            byReason.forEach((reason, n) -> {
                long more = n - before.getOrDefault(reason, 0L);
                if (more > 0) {
                    remember(new RecentError(now, key.flow(), key.system(), key.location(), reason, more, null));
                }
                before.put(reason, n);
            });
        });
        for (FlowKey key : union(received.keySet(), errors.keySet())) {
            tracker(key).meters(now, received.get(key), errors.getOrDefault(key, Map.of()));
        }
    }

    private static List<FlowKey> targets(FlowKey key) {
        return key.isAllLocations() ? List.of(key) : List.of(key, key.allLocations());
    }

    private static List<FlowKey> union(java.util.Set<FlowKey> a, java.util.Set<FlowKey> b) {
        java.util.LinkedHashSet<FlowKey> all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private static Optional<FlowKey> flowKey(Meter meter) {
        String flow = meter.getId().getTag("flow");
        String system = meter.getId().getTag("system");
        if (flow == null || system == null) {
            return Optional.empty();
        }
        return Optional.of(new FlowKey(flow, system, meter.getId().getTag("location")));
    }

    private static long count(Meter meter) {
        if (meter instanceof Counter counter) {
            return Math.round(counter.count());
        }
        if (meter instanceof FunctionCounter counter) {
            return Math.round(counter.count());
        }
        return 0;
    }

    /** Sums of a counter by the given tags, e.g. contract violations by system and kind. */
    private List<MonitoringSummary.Count> counted(String name, String... tags) {
        Map<Map<String, String>, Long> sums = new LinkedHashMap<>();
        for (Meter meter : meters.find(name).meters()) {
            Map<String, String> by = new LinkedHashMap<>();
            for (String tag : tags) {
                by.put(tag, meter.getId().getTag(tag));
            }
            sums.merge(by, count(meter), Long::sum);
        }
        return sums.entrySet().stream().map(e -> new MonitoringSummary.Count(e.getKey(), e.getValue())).toList();
    }

    private void remember(RecentError error) {
        if (recentErrors.size() == RECENT_ERRORS) {
            recentErrors.removeFirst();
        }
        recentErrors.addLast(error);
    }

    private void judge(Instant now) {
        Map<FlowKey, List<FlowTracker>> locationsOf = new HashMap<>();
        for (FlowTracker tracker : trackers.values()) {
            if (!tracker.key().isAllLocations()) {
                locationsOf.computeIfAbsent(tracker.key().allLocations(), k -> new ArrayList<>()).add(tracker);
                judge(tracker, now, null);
            }
        }
        for (FlowTracker tracker : trackers.values()) {
            if (tracker.key().isAllLocations()) {
                judge(tracker, now, locationsOf.get(tracker.key()));
            }
        }
    }

    /**
     * A row with locations of its own is silent only when all of them are: one quiet store is that
     * store's alert, not the whole fleet's.
     */
    private void judge(FlowTracker tracker, Instant now, List<FlowTracker> locations) {
        FlowKey key = tracker.key();
        Optional<Contract.Flow> flow = routes.flow(key.flow());
        Duration silenceWindow = flow.map(Contract.Flow::silenceWindow).orElse(null);
        Duration quiet = null;
        if (silenceWindow != null) {
            if (locations == null || locations.isEmpty()) {
                quiet = TradingTime.between(routes.hours(key), routes.zone(key), tracker.quietSince(), now, silenceWindow);
            } else {
                quiet = locations.stream().allMatch(l -> l.judgement().status() == Status.SILENT) ? silenceWindow : Duration.ZERO;
            }
        }
        FlowTracker.WindowCounts counts = tracker.window(now, settings.window());
        LagWindow.Lag lag = tracker.lag(now, settings.window());
        tracker.judged(rules.judge(new StatusRules.Evidence(counts.received(), counts.errored(), lag.p99Ms(), quiet,
                flow.map(Contract.Flow::maxLag).orElse(null), silenceWindow)), now);
    }

    private List<FlowView> views(Instant now) {
        List<FlowView> views = new ArrayList<>(trackers.size());
        for (FlowTracker tracker : trackers.values()) {
            FlowKey key = tracker.key();
            Optional<Contract.Flow> flow = routes.flow(key.flow());
            LagWindow.Lag lag = tracker.lag(now, settings.window());
            Judgement judgement = tracker.judgement();
            views.add(new FlowView(key.flow(), key.system(), key.location(), judgement.status(), judgement.reason(),
                    tracker.statusSince(), tracker.lastEventAt(), tracker.received(), tracker.errored(), tracker.errorsByReason(),
                    lag.p50Ms(), lag.p99Ms(), flow.map(f -> f.maxLag().toMillis()).orElse(null),
                    flow.map(f -> f.silenceWindow().toMillis()).orElse(null)));
        }
        return views;
    }
}
