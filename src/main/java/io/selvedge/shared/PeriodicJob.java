package io.selvedge.shared;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A background job on a daemon thread of its own, run with a fixed delay between runs: the janitors that
 * release expired reservations, post parked returns and announce markdowns. The job itself should look
 * cheaply and write only when something is due, and must not throw (a thrown exception stops the schedule).
 */
public final class PeriodicJob {

    private final String name;
    private final Duration interval;
    private final Runnable job;
    private volatile ScheduledExecutorService executor;

    public PeriodicJob(String name, Duration interval, Runnable job) {
        this.name = name;
        this.interval = interval;
        this.job = job;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(job, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    public boolean isRunning() {
        return executor != null;
    }
}
