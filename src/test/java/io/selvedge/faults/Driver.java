package io.selvedge.faults;

import io.selvedge.testing.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Sends a workload's chains from several threads, each chain's steps in order, and keeps the oracle: only an
 * acknowledged (2xx) answer counts. A request without a definitive answer (no answer, or a 5xx) is sent again with the
 * same id and body until it is acknowledged, as a POS holding its queue would. Violations are collected, not thrown,
 * so a run reports all of them.
 */
final class Driver implements AutoCloseable {

    private final HubClient client;
    private final int threads;
    private final Duration giveUpAfter;
    private final ExecutorService copies = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "faults-copy");
        thread.setDaemon(true);
        return thread;
    });

    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final AtomicLong refusedAsExpected = new AtomicLong();
    final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> firstAnswers = new ConcurrentHashMap<>();
    private final List<String> violations = new ArrayList<>();
    /** Answers with status 5xx: who got them and what they said (the PostgreSQL fault checks their shape). */
    private final List<Answer> serverErrors = new ArrayList<>();

    Driver(HubClient client, int threads, Duration giveUpAfter) {
        this.client = client;
        this.threads = threads;
        this.giveUpAfter = giveUpAfter;
    }

    /** Runs steps one after the other (setup); each must be acknowledged. */
    void runInOrder(List<Workload.Step> steps) {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        for (Workload.Step step : steps) {
            if (!execute(step, deadline)) {
                throw new IllegalStateException("setup step not acknowledged: " + step.label() + "; " + violations());
            }
        }
    }

    /** Runs all chains on {@link #threads} threads and returns when every chain is done (or given up). */
    void run(List<Workload.Chain> chains) {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        AtomicInteger nextChain = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "faults-worker");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(workers.submit(() -> {
                for (int i = nextChain.getAndIncrement(); i < chains.size(); i = nextChain.getAndIncrement()) {
                    for (Workload.Step step : chains.get(i).steps()) {
                        if (!execute(step, deadline)) {
                            break; // the rest of this chain depends on the step
                        }
                    }
                }
            }));
        }
        try {
            for (Future<?> worker : running) {
                worker.get();
            }
        } catch (Exception e) {
            violation("a worker failed: " + e);
        } finally {
            workers.shutdownNow();
        }
    }

    /** Sends one step (and its duplicates) until it has its definitive answer; false if the chain cannot go on. */
    boolean execute(Workload.Step step, long deadline) {
        long backoff = 20;
        boolean first = true;
        while (true) {
            if (!first) {
                resent.incrementAndGet();
            }
            first = false;
            List<Answer> answers = sendCopies(step);
            boolean ackedNow = false;
            Answer refusal = null;
            for (Answer answer : answers) {
                statuses.computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
                if (answer.status() >= 500) {
                    synchronized (serverErrors) {
                        serverErrors.add(answer);
                    }
                }
                if (answer.acked() && step.batch()) {
                    ackedNow |= batchAcked(step, answer);
                } else if (answer.acked()) {
                    countFirstAnswer(step.label(), answer);
                    ackedNow = true;
                } else if (answer.definitive()) {
                    refusal = answer;
                }
            }
            if (step.expect() == Workload.Expect.REFUSED) {
                if (ackedNow) {
                    violation(step.label() + " was sent before what it depends on and was accepted: " + answers);
                    return false;
                }
                if (refusal != null) {
                    refusedAsExpected.incrementAndGet();
                    return true;
                }
            } else {
                if (ackedNow && refusal != null) {
                    violation(step.label() + ": identical copies were answered differently: " + answers);
                }
                if (ackedNow) {
                    acked.incrementAndGet();
                    return true;
                }
                if (refusal != null) {
                    violation(step.label() + " was refused: " + refusal);
                    return false;
                }
            }
            if (System.nanoTime() > deadline) {
                violation(step.label() + " was never acknowledged; last answers " + answers);
                return false;
            }
            Hub.pause(backoff);
            backoff = Math.min(500, backoff * 2);
        }
    }

    private List<Answer> sendCopies(Workload.Step step) {
        sent.addAndGet(step.copies());
        if (step.copies() == 1) {
            return List.of(client.send(step.method(), step.path(), step.key(), "application/json", step.body()));
        }
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < step.copies(); i++) {
            futures.add(copies.submit(() -> client.send(step.method(), step.path(), step.key(), "application/json", step.body())));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : futures) {
            try {
                answers.add(future.get(2, TimeUnit.MINUTES));
            } catch (Exception e) {
                answers.add(Answer.none(e.toString()));
            }
        }
        return answers;
    }

    /** A batch is acknowledged when every transaction in it is; each transaction's first answer counts on its own id. */
    private boolean batchAcked(Workload.Step step, Answer answer) {
        JsonNode results = Api.JSON.readTree(answer.body()).get("results");
        boolean all = true;
        for (JsonNode result : results) {
            int status = result.get("status").asInt();
            if (status < 200 || status >= 300) {
                violation(step.label() + ": transaction " + result.get("transactionId").asString() + " was refused: " + result);
                all = false;
            } else if (!result.get("replay").asBoolean()) {
                firstAnswers.computeIfAbsent("sale " + result.get("transactionId").asString(), k -> new AtomicInteger()).incrementAndGet();
            }
        }
        return all;
    }

    private void countFirstAnswer(String label, Answer answer) {
        if (!answer.replay()) {
            firstAnswers.computeIfAbsent(label, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    void violation(String message) {
        synchronized (violations) {
            violations.add(message);
        }
    }

    /** Everything the oracle saw wrong: refusals, missing acknowledgements, and ids that took effect twice. */
    List<String> violations() {
        List<String> all;
        synchronized (violations) {
            all = new ArrayList<>(violations);
        }
        firstAnswers.forEach((label, count) -> {
            if (count.get() > 1) {
                all.add(label + " was answered as new (not a replay) " + count.get() + " times: a duplicate effect");
            }
        });
        return all;
    }

    List<Answer> serverErrors() {
        synchronized (serverErrors) {
            return List.copyOf(serverErrors);
        }
    }

    String figures() {
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, count) -> byStatus.put(status, count.get()));
        return "requests sent=" + sent.get() + " acked steps=" + acked.get() + " resent=" + resent.get()
                + " refused-as-expected=" + refusedAsExpected.get() + " statuses=" + byStatus;
    }

    @Override
    public void close() {
        copies.shutdownNow();
    }
}
