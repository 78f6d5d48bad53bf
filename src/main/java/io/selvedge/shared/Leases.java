package io.selvedge.shared;

import java.util.Optional;

/**
 * Background work that exactly one hub instance does at a time when several share one database (docs/instances.md):
 * the dispatcher, the Kafka relay, each janitor, the Shopify push, a running import. A lease is a row with a holder and
 * an expiry, taken and renewed by a conditional UPDATE; when its holder dies it expires and another instance takes it
 * over within {@code selvedge.instances.lease-ttl} plus one renewal period.
 *
 * <p>{@link Lease#held()} turns false on the holder before the database lets anyone else take the lease, so two
 * instances never believe they both hold it. A holder frozen past that point (a long GC pause) may still finish what it
 * was doing: writes made "under" a lease check its {@link Fence} in the same statement, so they are refused once the
 * lease has changed hands.
 */
public interface Leases {

    /** A lease this instance keeps trying to take, and renews, for as long as it runs: a singleton's. */
    Lease standing(String name);

    /** Takes {@code name} now if nobody holds it (or its holder let it expire); renewed until released. */
    Optional<Lease> tryAcquire(String name);

    /** This process's id, as written in the lease table's holder column. */
    String instanceId();

    /** One lease, as this instance sees it. */
    interface Lease {

        String name();

        /** Whether this instance holds it now and may act on it. */
        boolean held();

        /** The holder, name and token of the current holding, for a write to check in its WHERE clause. */
        Fence fence();

        /** Lets it go at once, for another instance to take; a standing lease is no longer sought. */
        void release();
    }

    /**
     * What a write made under a lease checks: the lease still has this holder and token. {@link #SQL} is the condition,
     * with named parameters {@code :fenceName}, {@code :fenceHolder} and {@code :fenceToken}.
     */
    record Fence(String name, String holder, long token) {

        public static final String SQL = "EXISTS (SELECT 1 FROM instance_lease WHERE name = :fenceName AND holder = :fenceHolder"
                + " AND token = :fenceToken)";

        public java.util.Map<String, Object> params() {
            return java.util.Map.of("fenceName", name, "fenceHolder", holder, "fenceToken", token);
        }
    }
}
