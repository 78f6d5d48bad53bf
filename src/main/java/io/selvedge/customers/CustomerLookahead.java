package io.selvedge.customers;

import io.selvedge.customers.domain.MatchedBy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A transaction's customer, looked up on a thread of its own while the transaction's write waits for (or runs on) the
 * writer thread: the lookup then costs the serial write path nothing. Made by {@link CustomerDirectory#lookahead}; the
 * request starts it ({@link #start}) before its write, and the write hands it to {@link CustomerDirectory#resolve}. A
 * lookahead never delays the answer: the write does not wait for it, and the request does not either.
 *
 * <p>The write takes what the lookahead found only when that needs no write of its own: a returning customer who
 * sent nothing new is settled (the id, read from the same committed rows the write would read); nobody found at all
 * lets the write insert the new customer straight away (a key another writer took meanwhile fails that insert, and the
 * retried write looks again). Anything else, or a lookahead not finished when the write gets there, and the write
 * resolves the customer itself as it always did. Taken once: a retried write looks for itself.
 */
public final class CustomerLookahead {

    /** What the lookahead found. */
    sealed interface Outcome permits Settled, Fresh, Unsettled {
    }

    /** A returning customer whose every detail sent is already held: nothing to write. */
    record Settled(String customerId, MatchedBy matchedBy) implements Outcome {
    }

    /** No key sent is known: a new customer. */
    record Fresh() implements Outcome {
    }

    /** Something to write (a new key or value, a merge): the write resolves it itself. */
    record Unsettled() implements Outcome {
    }

    private static final Object PENDING = new Object();
    private static final Object TAKEN = new Object();

    private final Customers customers;
    private final Customers.Submission submission;
    private final AtomicReference<Object> state = new AtomicReference<>(PENDING);

    CustomerLookahead(Customers customers, Customers.Submission submission) {
        this.customers = customers;
        this.submission = submission;
    }

    private volatile long startedAt;
    private volatile long finishedAt;

    /**
     * Starts the lookup on a lookahead thread (timed from now: the hand-over is part of it); does nothing when they are
     * all busy (the write then looks for itself).
     */
    public void start() {
        startedAt = System.nanoTime();
        if (!customers.startLookahead(this)) {
            startedAt = 0;
        }
    }

    /** Looks the customer up now, on this thread, outside any write; quietly does nothing when the write has got there first. */
    public void run() {
        if (startedAt == 0) {
            startedAt = System.nanoTime();
        }
        try {
            customers.lookAhead(this);
        } finally {
            finishedAt = System.nanoTime();
        }
    }

    /** How long the lookup took from its start, or has taken so far; 0 when it was not started. */
    public long elapsedNanos() {
        long started = startedAt;
        long finished = finishedAt;
        return started == 0 ? 0 : (finished >= started ? finished : System.nanoTime()) - started;
    }

    Customers.Submission submission() {
        return submission;
    }

    boolean pending() {
        return state.get() == PENDING;
    }

    /** Hands over what was found; false when the write took the lookahead first (it then looked for itself). */
    boolean offer(Outcome outcome) {
        return state.compareAndSet(PENDING, outcome);
    }

    /** The outcome, once; null when not found yet (or taken before): then the write resolves the customer itself. */
    Outcome take() {
        Object was = state.getAndSet(TAKEN);
        return was instanceof Outcome outcome ? outcome : null;
    }
}
