package io.selvedge.app;

import io.selvedge.shared.CommitListener;
import io.selvedge.shared.ServerTiming;
import io.selvedge.shared.WriteTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: concurrent writes queue here and one writer thread runs as many as are waiting (up to
 * {@code maxBatch}) in one database transaction, then answers each caller after the commit. Under load
 * that is one commit for many requests instead of one each; alone, a write waits for nobody.
 *
 * <p>If any work in a group throws, the group rolls back and each work is retried in a transaction of
 * its own, so one bad write cannot fail its neighbours.
 */
class GroupCommit implements WriteTransactions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final TransactionTemplate transactions;
    private final int maxBatch;
    private final BlockingQueue<Task<?>> queue;
    private final Thread writer;
    private final Supplier<List<CommitListener>> listeners;
    private final DistributionSummary groupSizes;
    private final Timer groupTimes;
    private volatile boolean running = true;

    GroupCommit(TransactionTemplate transactions, int maxBatch, MeterRegistry meters, Supplier<List<CommitListener>> listeners) {
        this.transactions = transactions;
        this.listeners = listeners;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(Math.max(1024, maxBatch * 8));
        this.groupSizes = DistributionSummary.builder("selvedge.write.group.size").register(meters);
        this.groupTimes = Timer.builder("selvedge.write.group.duration").description("the writer thread's time per group, commit included")
                .register(meters);
        this.writer = new Thread(this::drain, "selvedge-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public <T> T write(Supplier<T> work) {
        if (Thread.currentThread() == writer) {
            return work.get(); // already inside a group: join it
        }
        Task<T> task = new Task<>(work);
        try {
            if (!queue.offer(task, 30, TimeUnit.SECONDS)) {
                throw new io.selvedge.shared.ProblemException(io.selvedge.shared.ErrorCode.UNAVAILABLE,
                        "The hub is overloaded: its write queue stayed full for 30 s; send the same request again in a moment");
            }
            T result = task.result.get();
            task.reportTo(ServerTiming.current()); // the same thread that made the task: timed iff its timing is
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a write", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void drain() {
        List<Task<?>> group = new ArrayList<>(maxBatch);
        while (running) {
            try {
                Task<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxBatch - 1);
                groupSizes.record(group.size());
                long started = System.nanoTime();
                runGroup(group);
                groupTimes.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("event=group-commit.unexpected error={}", e.toString(), e);
                group.forEach(t -> t.result.completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void runGroup(List<Task<?>> group) {
        List<Object> results = new ArrayList<>(group.size());
        long[] worked = new long[1];
        try {
            long begun = System.nanoTime();
            transactions.executeWithoutResult(status -> {
                for (Task<?> task : group) {
                    results.add(task.run(begun));
                }
                worked[0] = System.nanoTime();
            });
            long committed = System.nanoTime() - worked[0];
            group.stream().filter(task -> task.timing != null).forEach(task -> task.timing.record("commit", committed));
        } catch (RuntimeException | Error groupFailure) {
            if (group.size() == 1 && !isRace(groupFailure)) {
                group.get(0).result.completeExceptionally(groupFailure);
                return;
            }
            for (Task<?> task : group) {
                runAlone(task);
            }
            notifyCommitted();
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i), results.get(i));
        }
        notifyCommitted();
    }

    private void runAlone(Task<?> task) {
        for (int attempt = 1; ; attempt++) {
            try {
                long begun = System.nanoTime();
                long[] worked = new long[1];
                Object result = transactions.execute(status -> {
                    Object done = task.run(begun);
                    worked[0] = System.nanoTime();
                    return done;
                });
                if (task.timing != null) {
                    task.timing.record("commit", System.nanoTime() - worked[0]); // a retried write's own commit
                }
                complete(task, result);
                return;
            } catch (RuntimeException | Error e) {
                if (attempt == 1 && isRace(e)) {
                    continue; // another instance inserted the same key first: the work will now see it
                }
                task.result.completeExceptionally(e);
                return;
            }
        }
    }

    /** A unique key taken by a concurrent writer, a deadlock or a serialization failure: worth one more try. */
    private static boolean isRace(Throwable e) {
        return e instanceof DataIntegrityViolationException || e instanceof ConcurrencyFailureException
                || e instanceof TransientDataAccessException;
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> task, Object result) {
        task.doneAt = System.nanoTime();
        task.result.complete((T) result);
    }

    private void notifyCommitted() {
        for (CommitListener listener : listeners.get()) {
            try {
                listener.committed();
            } catch (RuntimeException e) {
                log.warn("event=group-commit.listener-failed error={}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
    }

    /**
     * One caller's work, and where its time went ({@link ServerTiming}): waiting for the writer, its own work (and the
     * phases inside it), the group's commit; the caller adds how long it took to wake.
     */
    private static final class Task<T> {
        final Supplier<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        /** Null when the caller is not a timed request (Kafka intake, janitors): nothing is timed for it. */
        final ServerTiming timing = ServerTiming.current() == null ? null : new ServerTiming();
        final long queuedAt = System.nanoTime();
        volatile long doneAt;

        Task(Supplier<T> work) {
            this.work = work;
        }

        /** Runs the work on the writer thread, in a transaction begun at {@code begun}, timing it as this task's. */
        T run(long begun) {
            if (timing == null) {
                return work.get();
            }
            long started = System.nanoTime();
            if (!timing.has("queue")) { // a retry's wait is work already counted
                timing.record("queue", begun - queuedAt);
            }
            ServerTiming before = ServerTiming.use(timing);
            try {
                return work.get();
            } finally {
                ServerTiming.use(before);
                timing.record("work", System.nanoTime() - started);
            }
        }

        void reportTo(ServerTiming caller) {
            if (caller != null && timing != null) {
                caller.addAll(timing);
                caller.record("wake", System.nanoTime() - doneAt);
            }
        }
    }
}
