package io.selvedge.events.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.selvedge.events.EventsSettings;
import io.selvedge.events.SubscriberBacklog;
import io.selvedge.events.domain.Backoff;
import io.selvedge.events.domain.DeliveryOutcome;
import io.selvedge.events.domain.StoredEvent;
import io.selvedge.events.domain.Subscription;
import io.selvedge.events.jdbc.JdbcDeadLetters;
import io.selvedge.events.jdbc.JdbcOutbox;
import io.selvedge.events.jdbc.JdbcSubscriptions;
import io.selvedge.shared.CommitListener;
import io.selvedge.shared.Leases;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers every outbox event to every subscription that wants it, at least once and in outbox order per
 * subscription (DESIGN invariant 7), or dead-letters it after the last retry.
 *
 * <p>One coordinator thread wakes on every commit ({@link CommitListener}) and at least every poll
 * interval, reads the new outbox rows once and fans them out in memory to the subscriptions' {@link Lane}s.
 * A bounded pool drains lanes in parallel, one drain per lane at a time. Retries wait on a timer, not on a
 * pool thread. Cursors are saved in batches through {@link WriteTransactions}, so a restart resumes from
 * the database, at worst re-delivering what was acknowledged since the last save. HTTP is never done while
 * a database connection is held.
 *
 * <p>With several hub instances on one database, exactly one delivers: the holder of the {@code events.dispatcher}
 * lease ({@link Leases}). The others keep their coordinator going round, idle, and take over within the lease's TTL when
 * the holder dies, from the cursors it saved (re-delivering at most what it acknowledged since its last save). Cursors
 * are saved under the lease's fence, so a holder that lost the lease cannot move them.
 *
 * <p>Each subscription's backlog (undelivered events, age of the oldest) is taken every second for the
 * {@code selvedge.outbox.*} gauges, tagged by subscription id (never the URL: bounded, and no secrets in labels).
 */
@Component
public class Dispatcher implements CommitListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** A subscription made through another instance is seen within this (its lane then reads back from its cursor). */
    private static final Duration RELOAD_EVERY = Duration.ofSeconds(5);
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(1);
    static final String LEASE = "events.dispatcher";

    private final JdbcOutbox outbox;
    private final JdbcSubscriptions subscriptions;
    private final JdbcDeadLetters deadLetters;
    private final WriteTransactions writes;
    private final WebhookClient client;
    private final Clock clock;
    private final EventsSettings.Dispatch settings;
    private final Backoff backoff;
    private final MeterRegistry meters;
    private final Leases leases;

    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicBoolean subscriptionsChanged = new AtomicBoolean(true);
    private final AtomicLong openDeadLetters = new AtomicLong();
    private final Counter delivered;
    private final Counter failed;
    private final Counter deadLettered;
    private final Timer lag;

    private volatile boolean running;
    /** Whether this instance holds the lease and delivers; false on a standby. */
    private volatile boolean leading;
    private volatile Leases.Lease lease;
    private volatile Leases.Fence fence;
    private volatile Map<String, Lane> lanes = Map.of();
    private volatile Map<String, List<Lane>> lanesByType = Map.of();
    private volatile long readThrough;
    private volatile Map<String, SubscriberBacklog> backlogs = Map.of();
    private final Map<String, List<Meter>> subscriberMeters = new ConcurrentHashMap<>();
    /** When the coordinator last went round its loop (monotonic), to tell a stalled one from a quiet one. */
    private volatile long lastBeatNanos = System.nanoTime();
    private Instant lastReload = Instant.EPOCH;
    private volatile Thread coordinator;
    private ExecutorService pool;
    private ScheduledExecutorService timers;

    public Dispatcher(JdbcOutbox outbox, JdbcSubscriptions subscriptions, JdbcDeadLetters deadLetters,
                      WriteTransactions writes, WebhookClient client, Clock clock, EventsSettings settings,
                      MeterRegistry meters, Leases leases) {
        this.leases = leases;
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.deadLetters = deadLetters;
        this.writes = writes;
        this.client = client;
        this.clock = clock;
        this.settings = settings.dispatch();
        this.backoff = settings.retry().backoff();
        this.meters = meters;
        this.delivered = Counter.builder("selvedge.events.deliveries").tag("outcome", "ok")
                .description("webhook deliveries acknowledged with a 2xx").register(meters);
        this.failed = Counter.builder("selvedge.events.deliveries").tag("outcome", "failed")
                .description("webhook delivery attempts that failed (each retry counts)").register(meters);
        this.deadLettered = Counter.builder("selvedge.events.dead.letters")
                .description("events put in the dead-letter list after the last retry").register(meters);
        this.lag = Timer.builder("selvedge.events.delivery.lag")
                .description("from the outbox write to the subscriber's 2xx").publishPercentileHistogram().register(meters);
        Gauge.builder("selvedge.events.backlog", this, Dispatcher::backlog)
                .description("outbox events the slowest subscription has not handled yet (by sequence)").register(meters);
        Gauge.builder("selvedge.events.subscriptions", this, d -> d.lanes.size())
                .description("active webhook subscriptions").register(meters);
        Gauge.builder("selvedge.events.dead.letters.open", openDeadLetters, AtomicLong::get)
                .description("dead letters waiting for a replay").register(meters);
    }

    @Override
    public void committed() {
        if (running) {
            wakeups.release();
        }
    }

    /** A subscription was added or removed: pick it up on the next wake-up, which this triggers. */
    public void subscriptionsChanged() {
        subscriptionsChanged.set(true);
        committed();
    }

    /** A replay changed the dead-letter list. */
    public void deadLettersChanged() {
        refreshDeadLetterCount();
    }

    @Override
    public boolean isAutoStartup() {
        return settings.enabled();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        lanes = Map.of();
        lanesByType = Map.of();
        readThrough = outbox.lastId();
        subscriptionsChanged.set(true);
        AtomicInteger threadNumber = new AtomicInteger();
        pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "selvedge-webhook-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "selvedge-webhook-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timers = timer;
        long flushMillis = settings.cursorFlush().toMillis();
        timers.scheduleWithFixedDelay(this::saveCursorsQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::refreshDeadLetterCount, 0, 5, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::refreshBacklogsQuietly, BACKLOG_EVERY.toMillis(), BACKLOG_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        running = true;
        leading = false;
        lease = leases.standing(LEASE);
        lastBeatNanos = System.nanoTime();
        coordinator = new Thread(this::coordinate, "selvedge-dispatcher");
        coordinator.setDaemon(true);
        coordinator.start();
        log.info("event=events.dispatcher-started readThrough={} threads={}", readThrough, settings.threads());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        coordinator.interrupt();
        try {
            coordinator.join(5_000);
            timers.shutdownNow();
            pool.shutdown();
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveCursorsQuietly();
        lanes.values().forEach(Lane::close);
        leading = false;
        lease.release(); // another instance takes over at once
        log.info("event=events.dispatcher-stopped readThrough={}", readThrough);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void coordinate() {
        while (running) {
            try {
                lastBeatNanos = System.nanoTime();
                wakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                if (running && follow(lease.held())) {
                    tick();
                }
            } catch (InterruptedException e) {
                if (running) {
                    // not a stop(): nothing delivers from here on, and /actuator/health says so
                    log.error("event=events.dispatcher-died reason=interrupted readThrough={}", readThrough);
                }
                return;
            } catch (RuntimeException e) {
                log.warn("event=events.dispatch-failed error={}", e.toString());
            }
        }
    }

    /**
     * Takes the lead when the lease was just won (starting from the saved cursors), stands down when it was lost;
     * answers whether this instance delivers now.
     */
    private boolean follow(boolean held) {
        if (held && !leading) {
            lanes = Map.of();
            lanesByType = Map.of();
            readThrough = outbox.lastId(); // each lane starts at its saved cursor and reads back what it has not handled
            subscriptionsChanged.set(true);
            fence = lease.fence();
            leading = true;
            log.info("event=events.dispatcher-leading token={} readThrough={}", fence.token(), readThrough);
        } else if (!held && leading) {
            leading = false;
            Map<String, Lane> previous = lanes;
            saveCursorsQuietly(); // refused by the fence if another instance has taken over already
            lanes = Map.of();
            lanesByType = Map.of();
            previous.values().forEach(Lane::close);
            log.warn("event=events.dispatcher-standing-down readThrough={}", readThrough);
        }
        return leading;
    }

    /** Whether this instance holds the dispatcher's lease and delivers (one instance of several does). */
    public boolean leading() {
        return leading;
    }

    /** Whether deliveries are switched on ({@code selvedge.events.dispatch.enabled}). */
    public boolean enabled() {
        return settings.enabled();
    }

    /** Whether the coordinator thread of a running dispatcher is still alive. */
    public boolean coordinatorAlive() {
        Thread thread = coordinator;
        return running && thread != null && thread.isAlive();
    }

    /** How long since the coordinator last went round its loop (it does at least every poll interval). */
    public Duration sinceLastBeat() {
        return Duration.ofNanos(System.nanoTime() - lastBeatNanos);
    }

    public Duration pollInterval() {
        return settings.pollInterval();
    }

    /** Every active subscription's backlog, taken now (on a standby instance, from the saved cursors). */
    public List<SubscriberBacklog> backlogs() {
        if (!leading) {
            return standbyBacklogs();
        }
        return refreshBacklogs().values().stream().sorted(Comparator.comparing(SubscriberBacklog::subscriptionId)).toList();
    }

    /** One wake-up: pick up subscription changes, read new outbox rows once, fan out, start idle lanes. */
    private void tick() {
        Instant now = clock.instant();
        if (subscriptionsChanged.getAndSet(false) || now.isAfter(lastReload.plus(RELOAD_EVERY))) {
            reloadLanes();
            lastReload = now;
        }
        Map<String, Lane> current = lanes;
        if (current.isEmpty()) {
            readThrough = Math.max(readThrough, outbox.lastId());
            return;
        }
        List<StoredEvent> batch;
        do {
            batch = outbox.after(readThrough, settings.batchSize());
            if (!batch.isEmpty()) {
                fanOut(current, batch);
            }
            lastBeatNanos = System.nanoTime();
        } while (batch.size() == settings.batchSize() && running);
        for (Lane lane : current.values()) {
            schedule(lane);
        }
    }

    private void fanOut(Map<String, Lane> current, List<StoredEvent> batch) {
        long through = batch.get(batch.size() - 1).sequence();
        Map<Lane, List<Delivery>> matched = new HashMap<>();
        Map<String, List<Lane>> byType = lanesByType;
        for (StoredEvent event : batch) {
            List<Lane> candidates = byType.get(event.type());
            if (candidates == null) {
                continue;
            }
            Delivery delivery = null;
            for (Lane lane : candidates) {
                if (lane.subscription().wants(event.type(), event.location())) {
                    if (delivery == null) {
                        delivery = Delivery.of(event);
                    }
                    matched.computeIfAbsent(lane, l -> new ArrayList<>()).add(delivery);
                }
            }
        }
        for (Lane lane : current.values()) {
            lane.offer(matched.getOrDefault(lane, List.of()), through);
        }
        readThrough = through;
    }

    private void reloadLanes() {
        Map<String, Lane> previous = lanes;
        Map<String, Lane> next = new LinkedHashMap<>();
        for (JdbcSubscriptions.Row row : subscriptions.active()) {
            Lane lane = previous.get(row.subscription().id());
            next.put(row.subscription().id(), lane != null ? lane
                    : new Lane(row.subscription(), row.handledThrough(), readThrough, settings.queueLimit()));
            subscriberMeters.computeIfAbsent(row.subscription().id(), this::registerSubscriberMeters);
        }
        previous.forEach((id, lane) -> {
            if (!next.containsKey(id)) {
                lane.close();
            }
        });
        subscriberMeters.keySet().removeIf(id -> {
            if (next.containsKey(id)) {
                return false;
            }
            subscriberMeters.get(id).forEach(meters::remove);
            return true;
        });
        Map<String, List<Lane>> byType = new HashMap<>();
        for (Lane lane : next.values()) {
            for (String type : lane.subscription().events()) {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(lane);
            }
        }
        lanes = Map.copyOf(next);
        lanesByType = byType;
    }

    private void schedule(Lane lane) {
        if (lane.claim()) {
            submit(lane);
        }
    }

    private void submit(Lane lane) {
        try {
            pool.execute(() -> drain(lane));
        } catch (RejectedExecutionException shuttingDown) {
            lane.close();
        }
    }

    private void retryLater(Lane lane, Duration delay) {
        try {
            timers.schedule(() -> submit(lane), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            lane.close();
        }
    }

    /** Runs a lane until it is idle or waiting to retry. Only one drain holds a lane at a time. */
    private void drain(Lane lane) {
        Subscription subscription = lane.subscription();
        try {
            while (running && leading) {
                Lane.Step step = lane.next();
                if (step instanceof Lane.Idle) {
                    return;
                }
                if (step instanceof Lane.Fetch fetch) {
                    List<StoredEvent> page = outbox.matching(fetch.after(), fetch.through(), subscription.events(),
                            subscription.locations(), settings.batchSize());
                    long covered = page.size() < settings.batchSize() ? fetch.through() : page.get(page.size() - 1).sequence();
                    lane.backfilled(page.stream().map(Delivery::of).toList(), covered);
                } else if (step instanceof Lane.Send send && !attempt(lane, send.delivery())) {
                    return; // a retry is scheduled; the lane stays claimed until then
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=events.lane-failed subscription={} error={}", subscription.id(), e.toString());
            retryLater(lane, settings.pollInterval());
        }
    }

    /** Sends one delivery; true when the lane may go on to the next event, false when it must wait to retry. */
    private boolean attempt(Lane lane, Delivery delivery) {
        Subscription subscription = lane.subscription();
        DeliveryOutcome outcome = lane.endpoint(client::endpoint).post(delivery);
        if (outcome instanceof DeliveryOutcome.Delivered) {
            delivered.increment();
            lag.record(Duration.between(delivery.event().recordedAt(), clock.instant()));
            lane.handled(delivery);
            return true;
        }
        DeliveryOutcome.Failed failure = (DeliveryOutcome.Failed) outcome;
        failed.increment();
        int attempts = lane.failed();
        if (lane.closed()) {
            return true; // unsubscribed meanwhile: nothing more is owed to it
        }
        if (!backoff.exhausted(attempts)) {
            Duration delay = backoff.delayAfter(attempts);
            log.info("event=events.delivery-failed subscription={} eventId={} sequence={} attempt={} status={} retryInMs={}",
                    subscription.id(), delivery.event().eventId(), delivery.sequence(), attempts, failure.status(), delay.toMillis());
            retryLater(lane, delay);
            return false;
        }
        Instant now = clock.instant();
        writes.write(() -> {
            deadLetters.record(subscription.id(), delivery.sequence(), attempts, failure.status(), failure.error(), now);
            return null;
        });
        deadLettered.increment();
        openDeadLetters.incrementAndGet();
        log.warn("event=events.dead-lettered subscription={} eventId={} type={} sequence={} attempts={} status={} error=\"{}\"",
                subscription.id(), delivery.event().eventId(), delivery.event().type(), delivery.sequence(), attempts,
                failure.status(), failure.error());
        lane.handled(delivery);
        return true;
    }

    private void saveCursorsQuietly() {
        try {
            saveCursors();
        } catch (RuntimeException e) {
            log.warn("event=events.cursor-save-failed error={}", e.toString());
        }
    }

    /** One write for all moved cursors; subscriptions at the same point share one UPDATE. */
    private void saveCursors() {
        Map<Long, List<String>> byPosition = new HashMap<>();
        Map<Lane, Long> saving = new HashMap<>();
        for (Lane lane : lanes.values()) {
            lane.unsaved().ifPresent(through -> {
                byPosition.computeIfAbsent(through, t -> new ArrayList<>()).add(lane.subscription().id());
                saving.put(lane, through);
            });
        }
        if (byPosition.isEmpty()) {
            return;
        }
        Leases.Fence under = fence;
        writes.write(() -> {
            byPosition.forEach((through, ids) -> subscriptions.advanceCursors(ids, through, under));
            return null;
        });
        saving.forEach(Lane::saved);
    }

    private void refreshDeadLetterCount() {
        try {
            openDeadLetters.set(deadLetters.countDead());
        } catch (RuntimeException e) {
            log.debug("event=events.dead-letter-count-failed error={}", e.toString());
        }
    }

    private List<Meter> registerSubscriberMeters(String id) {
        return List.of(
                Gauge.builder("selvedge.outbox.backlog", this, d -> d.undelivered(id))
                        .description("events a subscription wants that are neither delivered nor dead-lettered yet")
                        .tag("subscriber", id).register(meters),
                Gauge.builder("selvedge.outbox.oldest.undelivered", this, d -> d.oldestUndeliveredSeconds(id))
                        .description("how long the oldest event a subscription has not received yet has waited (0: none)")
                        .baseUnit("seconds").tag("subscriber", id).register(meters));
    }

    private double undelivered(String id) {
        SubscriberBacklog backlog = backlogs.get(id);
        return backlog == null ? 0 : backlog.undelivered();
    }

    private double oldestUndeliveredSeconds(String id) {
        SubscriberBacklog backlog = backlogs.get(id);
        return backlog == null ? 0 : backlog.oldestUndeliveredAge(clock.instant()).toMillis() / 1000.0;
    }

    private void refreshBacklogsQuietly() {
        try {
            refreshBacklogs();
        } catch (RuntimeException e) {
            log.debug("event=events.backlog-failed error={}", e.toString());
        }
    }

    /**
     * Takes every lane's backlog: what it holds in memory, plus, for a lane catching up, a count of the range it has
     * still to read back (one query per lagging lane; a lane that keeps up costs none).
     */
    private Map<String, SubscriberBacklog> refreshBacklogs() {
        Map<String, SubscriberBacklog> taken = new LinkedHashMap<>();
        for (Lane lane : lanes.values()) {
            Subscription subscription = lane.subscription();
            Lane.Backlog backlog = lane.backlog();
            long undelivered = backlog.held();
            Instant oldest = backlog.oldestHeldAt();
            if (backlog.hasUnread()) {
                JdbcOutbox.Count unread = outbox.countMatching(backlog.unreadAfter(), backlog.unreadThrough(), subscription.events(),
                        subscription.locations());
                undelivered += unread.events();
                if (oldest == null) {
                    oldest = unread.oldestRecordedAt();
                }
            }
            taken.put(subscription.id(), new SubscriberBacklog(subscription.id(), subscription.createdBy(), undelivered, oldest,
                    backlog.failedAttempts()));
        }
        backlogs = Map.copyOf(taken);
        return taken;
    }

    /** What the leading instance has not handled, as far as its saved cursors tell (at most one cursor flush behind). */
    private List<SubscriberBacklog> standbyBacklogs() {
        long last = outbox.lastId();
        List<SubscriberBacklog> taken = new ArrayList<>();
        for (JdbcSubscriptions.Row row : subscriptions.active()) {
            Subscription subscription = row.subscription();
            JdbcOutbox.Count unread = outbox.countMatching(row.handledThrough(), last, subscription.events(), subscription.locations());
            taken.add(new SubscriberBacklog(subscription.id(), subscription.createdBy(), unread.events(), unread.oldestRecordedAt(), 0));
        }
        return taken;
    }

    private double backlog() {
        long slowest = Long.MAX_VALUE;
        for (Lane lane : lanes.values()) {
            slowest = Math.min(slowest, lane.handledThrough());
        }
        return slowest == Long.MAX_VALUE ? 0 : Math.max(0, readThrough - slowest);
    }
}
