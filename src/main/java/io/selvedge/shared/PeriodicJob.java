package io.selvedge.shared;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A background job on a daemon thread of its own, run with a fixed delay between runs: the janitors that
 * release expired reservations, post parked returns and announce markdowns. The job itself should look
 * cheaply and write only when something is due, and must not throw (a thrown exception stops the schedule).
 *
 * <p>With several hub instances on one database, a run happens only on the instance holding the lease named after
 * the job ({@link Leases}): one instance sweeps, and another takes over within the lease's TTL if it dies. The lease
 * is what keeps the work single; each job still guards its writes by state (a reservation is voided only while
 * pending, a price announced only once), so a run that overlaps a takeover cannot post twice.
 */
public final class PeriodicJob {

    private final String name;
    private final Duration interval;
    private final Runnable job;
    private final Leases leases;
    private volatile Leases.Lease lease;
    private volatile ScheduledExecutorService executor;

    public PeriodicJob(String name, Duration interval, Runnable job, Leases leases) {
        this.name = name;
        this.interval = interval;
        this.job = job;
        this.leases = leases;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        lease = leases.standing(name);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runIfHeld, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runIfHeld() {
        if (lease.held()) {
            job.run();
        }
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
            lease.release();
        }
    }

    public boolean isRunning() {
        return executor != null;
    }
}
