package io.selvedge.events.delivery;

import io.selvedge.events.domain.Subscription;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One subscription's ordered stream of deliveries. At most one drain runs per lane at a time (it is
 * {@code scheduled}), which keeps a subscription's events strictly sequential while lanes run in parallel.
 *
 * <p>Normally the dispatcher reads each new outbox row once and {@link #offer}s it to every lane that
 * wants it. A lane that falls behind (a restart, a receiver in backoff while events pile up beyond
 * {@code queueLimit}) is {@code catchingUp}: its drain reads the missed range from the outbox itself in
 * pages, then rejoins the shared stream. {@code handled} is the cursor: every event up to it was
 * delivered or dead-lettered.
 */
final class Lane {

    sealed interface Step {
    }

    record Idle() implements Step {
    }

    record Send(Delivery delivery) implements Step {
    }

    /** Read the subscription's events in {@code (after, through]} from the outbox. */
    record Fetch(long after, long through) implements Step {
    }

    /**
     * What the subscription has still to handle: {@code held} deliveries in memory (the oldest written at
     * {@code oldestHeldAt}) and, while it catches up, every event it wants in {@code (unreadAfter, unreadThrough]}
     * of the outbox, which only the outbox can count. Together: each wanted event after the cursor, as far as the
     * dispatcher has read.
     */
    record Backlog(int held, Instant oldestHeldAt, long unreadAfter, long unreadThrough, int failedAttempts) {

        static final Backlog NONE = new Backlog(0, null, 0, 0, 0);

        boolean hasUnread() {
            return unreadThrough > unreadAfter;
        }
    }

    private static final Idle IDLE = new Idle();

    private final Subscription subscription;
    private final int queueLimit;
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final ArrayDeque<Delivery> backfill = new ArrayDeque<>();
    private long handled;
    private long persisted;
    private long scannedThrough;
    private long backfilledThrough;
    private boolean catchingUp;
    private boolean scheduled;
    private boolean closed;
    private int failedAttempts;
    private Endpoint endpoint;

    Lane(Subscription subscription, long handled, long readThrough, int queueLimit) {
        this.subscription = subscription;
        this.queueLimit = queueLimit;
        this.handled = handled;
        this.persisted = handled;
        this.backfilledThrough = handled;
        this.scannedThrough = Math.max(readThrough, handled);
        this.catchingUp = handled < scannedThrough;
    }

    Subscription subscription() {
        return subscription;
    }

    /** The dispatcher has read every outbox row through {@code through}; {@code matched} are those for this lane. */
    synchronized void offer(List<Delivery> matched, long through) {
        if (closed || through <= scannedThrough) {
            return;
        }
        if (!catchingUp) {
            for (Delivery delivery : matched) {
                if (delivery.sequence() > scannedThrough) {
                    queue.add(delivery);
                }
            }
            if (queue.size() > queueLimit) {
                // Too far behind to hold in memory: drop the queue and read the range back from the outbox.
                queue.clear();
                catchingUp = true;
                backfilledThrough = handled;
            }
        }
        scannedThrough = through;
        if (!scheduled && !catchingUp && queue.isEmpty() && backfill.isEmpty()) {
            handled = through; // nothing here for this subscription: its cursor moves on
        }
    }

    /** Claims the lane for one drain if it has work and none is running or waiting to retry. */
    synchronized boolean claim() {
        if (scheduled || closed || !(catchingUp || !queue.isEmpty() || !backfill.isEmpty())) {
            return false;
        }
        scheduled = true;
        return true;
    }

    /** What the drain holding the lane does next; {@link Idle} also releases the lane. */
    synchronized Step next() {
        if (closed) {
            scheduled = false;
            return IDLE;
        }
        if (!backfill.isEmpty()) {
            return new Send(backfill.peek());
        }
        if (catchingUp) {
            long from = Math.max(backfilledThrough, handled);
            if (from < scannedThrough) {
                return new Fetch(from, scannedThrough);
            }
            catchingUp = false; // caught up with what the dispatcher has read; offer() queues from here
        }
        if (!queue.isEmpty()) {
            return new Send(queue.peek());
        }
        handled = Math.max(handled, scannedThrough);
        scheduled = false;
        return IDLE;
    }

    synchronized void backfilled(List<Delivery> page, long through) {
        if (closed) {
            return;
        }
        backfill.addAll(page);
        backfilledThrough = Math.max(backfilledThrough, through);
    }

    /** The delivery was acknowledged (2xx) or dead-lettered: either way this subscription is done with it. */
    synchronized void handled(Delivery delivery) {
        failedAttempts = 0;
        if (backfill.peek() == delivery) {
            backfill.poll();
        } else if (queue.peek() == delivery) {
            queue.poll();
        }
        handled = Math.max(handled, delivery.sequence());
    }

    /** Counts a failed attempt at the head event and returns the count so far. */
    synchronized int failed() {
        return ++failedAttempts;
    }

    synchronized Backlog backlog() {
        if (closed) {
            return Backlog.NONE;
        }
        Delivery oldest = !backfill.isEmpty() ? backfill.peek() : queue.peek();
        long unreadAfter = handled;
        long unreadThrough = handled;
        if (catchingUp) {
            // the backfill holds every wanted event up to its last one; the outbox has the rest
            unreadAfter = Math.max(backfilledThrough, handled);
            if (!backfill.isEmpty()) {
                unreadAfter = Math.max(unreadAfter, backfill.peekLast().sequence());
            }
            unreadThrough = Math.max(unreadAfter, scannedThrough);
        }
        return new Backlog(backfill.size() + queue.size(), oldest == null ? null : oldest.event().recordedAt(), unreadAfter,
                unreadThrough, failedAttempts);
    }

    synchronized long handledThrough() {
        return handled;
    }

    synchronized OptionalLong unsaved() {
        return handled > persisted ? OptionalLong.of(handled) : OptionalLong.empty();
    }

    synchronized void saved(long through) {
        persisted = Math.max(persisted, through);
    }

    /** The connection to the subscriber, opened on first use and kept until the lane closes. */
    synchronized Endpoint endpoint(Function<Subscription, Endpoint> open) {
        if (endpoint == null) {
            endpoint = open.apply(subscription);
        }
        return endpoint;
    }

    synchronized void close() {
        closed = true;
        queue.clear();
        backfill.clear();
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    synchronized boolean closed() {
        return closed;
    }
}
