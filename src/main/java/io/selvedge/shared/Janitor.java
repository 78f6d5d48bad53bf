package io.selvedge.shared;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A janitor: background work that drains what has fallen due, in batches, on a {@link PeriodicJob} (so on one hub
 * instance at a time, under the job's lease). Each run asks cheaply whether anything is due and writes only if so.
 * Subclasses say what is due and how to handle a batch; the schedule, the lifecycle and the logging live here.
 */
public abstract class Janitor implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String doneEvent;
    private final String failedEvent;
    private final int batch;
    private final PeriodicJob job;

    /**
     * @param name        the job's thread and lease name
     * @param doneEvent   the log event of a batch that did something ({@code count=} follows)
     * @param failedEvent the log event of a run that failed (the next run tries again)
     */
    protected Janitor(String name, Duration interval, Leases leases, int batch, String doneEvent, String failedEvent) {
        this.doneEvent = doneEvent;
        this.failedEvent = failedEvent;
        this.batch = batch;
        this.job = new PeriodicJob(name, interval, this::sweep, leases);
    }

    /** Whether anything is due: a cheap read. */
    protected abstract boolean anyDue();

    /** Handles up to {@code limit} due items (in one write) and says how many it handled. */
    protected abstract int handleDue(int limit);

    /** One run: batches until one comes back short. Never throws: an exception would stop the schedule. */
    public void sweep() {
        try {
            while (anyDue()) {
                int handled = handleDue(batch);
                if (handled > 0) {
                    log.info("event={} count={}", doneEvent, handled);
                }
                if (handled < batch) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("event={} error={}", failedEvent, e.toString());
        }
    }

    @Override
    public void start() {
        job.start();
    }

    @Override
    public void stop() {
        job.stop();
    }

    @Override
    public boolean isRunning() {
        return job.isRunning();
    }
}
