package io.selvedge.app;

import io.selvedge.shared.Leases;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Leases in {@code instance_lease}, each taken and renewed by one conditional UPDATE in a statement of its own (never
 * queued behind a write group). Expiry is judged by the database's clock, so the instances' clocks do not matter.
 *
 * <p>A keeper thread renews every lease this instance holds, and seeks every standing one, each quarter of the TTL.
 * After a successful renewal sent at {@code t}, the lease counts as held locally until {@code t + 3/4 TTL}: before the
 * database's expiry ({@code t + TTL} at the earliest), whatever happened to the renewals since, so a holder that cannot
 * reach the database stops before anyone else can start.
 */
final class JdbcLeases implements Leases, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcLeases.class);

    private final JdbcClient jdbc;
    private final Duration ttl;
    private final String me;
    private final String renew;
    private final String insert;
    private final Map<String, Held> kept = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keeper;

    JdbcLeases(JdbcClient jdbc, Duration ttl, String instanceId) {
        if (ttl.toMillis() < 200) {
            throw new IllegalArgumentException("selvedge.instances.lease-ttl must be at least 200ms, is " + ttl);
        }
        this.jdbc = jdbc;
        this.ttl = ttl;
        this.me = instanceId == null || instanceId.isBlank() ? defaultId() : instanceId;
        // the TTL is configuration, not input: written into the SQL as an interval literal both databases read
        String until = "CURRENT_TIMESTAMP + INTERVAL '" + String.format(Locale.ROOT, "%.3f", ttl.toMillis() / 1000.0) + "' SECOND";
        this.renew = "UPDATE instance_lease SET token = CASE WHEN holder = :me THEN token ELSE token + 1 END,"
                + " acquired_at = CASE WHEN holder = :me THEN acquired_at ELSE CURRENT_TIMESTAMP END, holder = :me, expires_at = " + until
                + " WHERE name = :name AND (holder = :me OR expires_at < CURRENT_TIMESTAMP)";
        this.insert = "INSERT INTO instance_lease (name, holder, token, acquired_at, expires_at) VALUES (:name, :me, 1, CURRENT_TIMESTAMP, "
                + until + ")";
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "selvedge-leases");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(50, ttl.toMillis() / 4);
        keeper.scheduleWithFixedDelay(this::keepAll, every, every, TimeUnit.MILLISECONDS);
        log.info("event=instances.leases-on instance={} ttlMs={}", me, ttl.toMillis());
    }

    @Override
    public Lease standing(String name) {
        Held lease = kept.computeIfAbsent(name, n -> new Held(n, true));
        keepQuietly(lease);
        return lease;
    }

    @Override
    public Optional<Lease> tryAcquire(String name) {
        Held lease = new Held(name, false);
        if (!keep(lease)) {
            return Optional.empty();
        }
        Held previous = kept.put(name, lease);
        if (previous != null && previous != lease) {
            previous.released = true; // this instance took it again: the newer handle is the one kept
        }
        return Optional.of(lease);
    }

    @Override
    public String instanceId() {
        return me;
    }

    private void keepAll() {
        for (Held lease : kept.values()) {
            keepQuietly(lease);
        }
    }

    private void keepQuietly(Held lease) {
        try {
            keep(lease);
        } catch (RuntimeException e) {
            log.warn("event=instances.lease-renewal-failed name={} error=\"{}\"", lease.name, e.toString());
        }
    }

    /** Takes or renews {@code lease}; true when this instance holds it now. */
    private boolean keep(Held lease) {
        if (lease.released) {
            return false;
        }
        boolean wasHeld = lease.held();
        long sentAt = System.nanoTime();
        int updated = jdbc.sql(renew).param("me", me).param("name", lease.name).update();
        if (updated == 0 && !exists(lease.name)) {
            try {
                updated = jdbc.sql(insert).param("me", me).param("name", lease.name).update();
            } catch (DuplicateKeyException another) {
                updated = 0; // another instance created it first, and holds it
            }
        }
        if (updated == 0) {
            lease.validUntilNanos = 0;
            if (wasHeld) {
                log.warn("event=instances.lease-lost name={} instance={}", lease.name, me);
            }
            return false;
        }
        if (!wasHeld) {
            // the token changes only when the holder does, and this instance did not hold it continuously
            lease.token = jdbc.sql("SELECT token FROM instance_lease WHERE name = ? AND holder = ?").params(lease.name, me)
                    .query(Long.class).single();
        }
        lease.validUntilNanos = sentAt + ttl.toNanos() * 3 / 4;
        if (!wasHeld) {
            log.info("event=instances.lease-taken name={} instance={} token={}", lease.name, me, lease.token);
        }
        return true;
    }

    private boolean exists(String name) {
        return jdbc.sql("SELECT COUNT(*) FROM instance_lease WHERE name = ?").param(name).query(Long.class).single() > 0;
    }

    /** Gives every lease up, so another instance takes over at once rather than after the TTL. */
    @Override
    public void close() {
        keeper.shutdownNow();
        kept.values().forEach(Held::release);
    }

    /** Stops renewing without giving anything up, as a kill -9 would: for tests of a takeover. */
    void abandon() {
        keeper.shutdownNow();
    }

    private static String defaultId() {
        // host and pid say where it runs; the random part tells a restarted process from its predecessor
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private final class Held implements Lease {

        private final String name;
        private final boolean standing;
        private volatile long token;
        private volatile long validUntilNanos;
        private volatile boolean released;

        Held(String name, boolean standing) {
            this.name = name;
            this.standing = standing;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean held() {
            return !released && validUntilNanos != 0 && System.nanoTime() - validUntilNanos < 0;
        }

        @Override
        public Fence fence() {
            return new Fence(name, me, token);
        }

        @Override
        public void release() {
            boolean wasHeld = held();
            released = true;
            kept.remove(name, this);
            if (!wasHeld) {
                return;
            }
            try {
                jdbc.sql("UPDATE instance_lease SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' SECOND"
                                + " WHERE name = :name AND holder = :me AND token = :token")
                        .param("name", name).param("me", me).param("token", token).update();
                log.info("event=instances.lease-released name={} instance={} token={}", name, me, token);
            } catch (RuntimeException e) {
                log.warn("event=instances.lease-release-failed name={} error=\"{}\"", name, e.toString());
            }
        }

        @Override
        public String toString() {
            return name + (standing ? " (standing)" : "") + (held() ? " held, token " + token : " not held");
        }
    }
}
