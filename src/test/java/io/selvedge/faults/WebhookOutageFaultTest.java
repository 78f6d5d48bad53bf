package io.selvedge.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A webhook subscriber down for a stretch under load (issue 9): it answers 503 and drops connections, alternately. The
 * backlog is visible on the metrics while it is down; the event at the head of the subscription is retried with backoff
 * and dead-lettered when its retry budget is spent (the child hub runs with a short budget); when the subscriber is back,
 * delivery resumes in per-key order; every event arrived or is a dead letter; and replaying each dead letter, twice at
 * once, delivers it once per event id.
 */
class WebhookOutageFaultTest {

    private static final List<String> SUBSCRIBED = List.of("availability.changed", "order.created", "order.refunded",
            "transfer.shipped", "transfer.received");
    private static final int MAX_ATTEMPTS = 4;
    private static final Pattern BACKLOG = Pattern.compile("(?m)^selvedge_events_backlog(?:\\{[^}]*\\})? (\\S+)$");

    @Test
    void aSubscriberDownForAStretchGetsItsBacklogInOrderAndEachDeadLetterOnce() {
        FaultRun.requirePostgres();
        long seed = FaultRun.seed();
        String rerun = FaultRun.rerun(getClass().getSimpleName(), seed);
        Workload workload = Workload.generate(seed, "W", FaultRun.scaled(120, 800), 2);
        Duration outage = Duration.ofMillis(FaultRun.scaled(5_000, 30_000));
        FaultRun.report("webhook subscriber down", rerun + " chains=" + workload.chains.size() + " outage=" + outage.toMillis() + " ms");

        Map<String, String> settings = Map.of(
                "selvedge.events.retry.initial", "100ms",
                "selvedge.events.retry.max-attempts", Integer.toString(MAX_ATTEMPTS),
                "selvedge.events.retry.max-delay", "400ms",
                "selvedge.events.dispatch.cursor-flush", "200ms",
                "selvedge.events.dispatch.queue-limit", "50",
                "selvedge.events.http.request-timeout", "2s");
        List<String> violations = new ArrayList<>();
        try (Schema schema = Schema.fresh("faults_hook");
             Hub hub = new Hub("hub-webhook", schema.url(), settings);
             HubClient api = new HubClient(hub.base(), Duration.ofSeconds(20));
             Driver driver = new Driver(api, 6, Duration.ofSeconds(FaultRun.scaled(120, 600)));
             Subscriber subscriber = new Subscriber()) {
            hub.start();
            driver.runInOrder(workload.setup);
            String subscription = Deliveries.subscribe(api, subscriber, SUBSCRIBED);
            Deliveries deliveries = new Deliveries(schema.jdbc(), subscriber, subscription, SUBSCRIBED, Deliveries.lastOutboxId(schema.jdbc()));

            Thread load = new Thread(() -> driver.run(workload.chains), "faults-load");
            load.start();
            while (driver.acked.get() < workload.steps() / 5 && load.isAlive()) {
                Hub.pause(5);
            }
            subscriber.mode(Subscriber.Mode.FLAKY);
            int failedBefore = subscriber.deliveries().size();
            long downUntil = System.nanoTime() + outage.toNanos();
            double maxBacklog = 0;
            while (System.nanoTime() < downUntil) {
                maxBacklog = Math.max(maxBacklog, backlog(api));
                Hub.pause(200);
            }
            subscriber.mode(Subscriber.Mode.UP);
            long attemptsWhileDown = subscriber.deliveries().size() - failedBefore;
            HubKillFaultTest.join(load);
            if (!deliveries.settle(90)) {
                violations.add(deliveries.outstanding().size() + " events neither delivered nor dead-lettered 90 s after the outage");
            }
            if (maxBacklog <= 0) {
                violations.add("the backlog never showed on /actuator/prometheus (selvedge_events_backlog) while the subscriber was down");
            }
            double drained = awaitBacklog(api, 0, 20);
            if (drained > 0) {
                violations.add("the backlog is still " + drained + " after the subscriber came back");
            }

            // dead letters: visible through the API, after the whole retry budget, for the failures the subscriber really gave
            List<JsonNode> dead = deadLetters(api, subscription);
            Set<Long> deadInDatabase = deliveries.dead();
            if (dead.isEmpty()) {
                violations.add("an outage of " + outage.toMillis() + " ms outlasted the retry budget but nothing was dead-lettered");
            }
            if (dead.size() != deadInDatabase.size()) {
                violations.add("the API lists " + dead.size() + " dead letters, the table holds " + deadInDatabase.size());
            }
            for (JsonNode d : dead) {
                if (d.get("attempts").asInt() != MAX_ATTEMPTS) {
                    violations.add("dead letter " + d.get("id") + " after " + d.get("attempts") + " attempts, budget " + MAX_ATTEMPTS);
                }
                if (!d.get("lastStatus").isNull() && d.get("lastStatus").asInt() != 503) {
                    violations.add("dead letter " + d.get("id") + " records status " + d.get("lastStatus") + "; the subscriber answered 503 or nothing");
                }
            }
            violations.addAll(deliveries.check());
            violations.addAll(driver.violations());
            driver.serverErrors().forEach(answer -> violations.add("the hub answered " + answer));
            violations.addAll(new Checker(schema.jdbc(), api).check(workload.model));

            // replay every dead letter twice at once: each event id arrives once more, exactly once
            Map<String, Long> acceptedBefore = acceptedPerEvent(subscriber);
            List<String> deadEventIds = dead.stream().map(d -> d.get("eventId").asString()).toList();
            for (JsonNode d : dead) {
                String path = "/api/v1/dead-letters/" + d.get("id").asLong() + "/replay";
                CompletableFuture<Answer> one = CompletableFuture.supplyAsync(() -> api.post(path, HubClient.OPS, ""));
                CompletableFuture<Answer> two = CompletableFuture.supplyAsync(() -> api.post(path, HubClient.OPS, ""));
                for (Answer answer : List.of(one.join(), two.join())) {
                    if (answer.status() != 200 || !"REPLAYED".equals(Api.JSON.readTree(answer.body()).get("status").asString())) {
                        violations.add("replay of dead letter " + d.get("id") + " answered " + answer);
                    }
                }
            }
            Map<String, Long> acceptedAfter = acceptedPerEvent(subscriber);
            for (String eventId : deadEventIds) {
                long before = acceptedBefore.getOrDefault(eventId, 0L);
                long after = acceptedAfter.getOrDefault(eventId, 0L);
                if (before != 0 || after != 1) {
                    violations.add("dead-lettered event " + eventId + " was accepted " + before + " times before its replays and "
                            + after + " after: a replay delivers once per event id");
                }
            }
            if (!deadLetters(api, subscription).isEmpty() || !deliveries.outstanding().isEmpty()) {
                violations.add("after the replays something is still undelivered: " + deliveries.outstanding().size() + " events");
            }
            FaultRun.report("webhook subscriber down", driver.figures() + " events=" + deliveries.expected().size()
                    + " delivery attempts while down=" + attemptsWhileDown + " max backlog=" + (long) maxBacklog
                    + " dead letters=" + dead.size() + " replayed=" + deadEventIds.size() + " duplicate deliveries=" + deliveries.duplicates()
                    + " violations=" + violations.size());
        }
        assertThat(violations).as("violations with the subscriber down (%s)", rerun).isEmpty();
    }

    private static double backlog(HubClient api) {
        Answer metrics = api.get("/actuator/prometheus", null);
        if (metrics.status() != 200) {
            return -1;
        }
        Matcher m = BACKLOG.matcher(metrics.body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static double awaitBacklog(HubClient api, double target, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        double value = backlog(api);
        while (value > target && System.nanoTime() < deadline) {
            Hub.pause(200);
            value = backlog(api);
        }
        return value;
    }

    private static List<JsonNode> deadLetters(HubClient api, String subscription) {
        Answer answer = api.get("/api/v1/dead-letters?limit=1000", HubClient.OPS);
        List<JsonNode> out = new ArrayList<>();
        if (answer.status() == 200) {
            Api.JSON.readTree(answer.body()).get("deadLetters").forEach(d -> {
                if (d.get("subscriptionId").asString().equals(subscription)) {
                    out.add(d);
                }
            });
        }
        return out;
    }

    private static Map<String, Long> acceptedPerEvent(Subscriber subscriber) {
        Map<String, Long> counts = new HashMap<>();
        subscriber.deliveries().stream().filter(Subscriber.Delivery::accepted).forEach(d -> counts.merge(d.eventId(), 1L, Long::sum));
        return counts;
    }
}
