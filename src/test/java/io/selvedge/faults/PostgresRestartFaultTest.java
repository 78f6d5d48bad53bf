package io.selvedge.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped in immediate mode and started again under load (issue 9), on a private server so the shared one
 * is never touched. While the database is away a request may wait or fail, but a failure must be a 503 problem
 * (application/problem+json) that tells the sender to retry; the sender retries with the same ids, each takes effect
 * once, and nothing acknowledged before or during the outage is lost.
 */
class PostgresRestartFaultTest {

    @Test
    void requestsDuringAnImmediateRestartFailWith503AndRetriesTakeEffectOnce() {
        FaultRun.requirePostgres();
        Optional<Path> bin = PrivatePostgres.binaries();
        assumeTrue(bin.isPresent(), "PostgreSQL server binaries (initdb, pg_ctl) are not installed; CI installs them");
        long seed = FaultRun.seed();
        String rerun = FaultRun.rerun(getClass().getSimpleName(), seed);
        int restarts = FaultRun.scaled(2, 6);
        Workload workload = Workload.generate(seed, "P", FaultRun.scaled(160, 1200), 3);
        FaultRun.report("postgres immediate restart", rerun + " chains=" + workload.chains.size() + " steps=" + workload.steps()
                + " restarts=" + restarts);
        SplittableRandom random = new SplittableRandom(seed ^ 0xDB);

        List<String> violations = new ArrayList<>();
        List<String> outages = new ArrayList<>();
        List<Answer> serverErrors;
        try (PrivatePostgres pg = PrivatePostgres.start(bin.get());
             Schema schema = Schema.fresh(pg.url(), "faults_pg");
             Hub hub = new Hub("hub-postgres", schema.url(), Map.of());
             HubClient api = new HubClient(hub.base(), Duration.ofSeconds(45));
             Driver driver = new Driver(api, 8, Duration.ofSeconds(FaultRun.scaled(120, 600)))) {
            hub.start();
            driver.runInOrder(workload.setup);
            Thread load = new Thread(() -> driver.run(workload.chains), "faults-load");
            load.start();
            for (int r = 0; r < restarts; r++) {
                long threshold = (long) (workload.steps() * (0.1 + 0.8 * (r + random.nextDouble()) / restarts));
                while (driver.acked.get() < threshold && load.isAlive()) {
                    Hub.pause(2);
                }
                if (!load.isAlive()) {
                    violations.add("the load ended before restart #" + (r + 1));
                    break;
                }
                long ackedBefore = driver.acked.get();
                long stoppedAt = System.nanoTime();
                pg.stopImmediately();
                Hub.pause(300 + random.nextInt(1200)); // the database is away for a moment, as in a failover
                pg.start();
                outages.add(Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis() + " ms (acked before: " + ackedBefore + ")");
            }
            HubKillFaultTest.join(load);
            if (!hub.alive()) {
                violations.add("the hub died during the database outage:\n" + hub.logTail(30));
            }
            violations.addAll(driver.violations());
            violations.addAll(new Checker(schema.jdbc(), api).check(workload.model));
            serverErrors = driver.serverErrors();
            FaultRun.report("postgres immediate restart", driver.figures() + " outages=" + outages + " 5xx=" + describe(serverErrors)
                    + " violations=" + violations.size());
        }
        assertThat(violations).as("invariant violations after PostgreSQL restarts (%s)", rerun).isEmpty();
        // Checked last, so the durability findings above are reported even while this one fails.
        // KNOWN FAILURE until the hub maps database outages to 503 (see docs/faults.md, "Findings"): today it answers 500.
        List<Answer> notRetryable = serverErrors.stream().filter(a -> a.status() != 503 || !a.problemJson()).toList();
        assertThat(describe(notRetryable)).as("during a database outage the hub must answer 503 application/problem+json, so senders "
                + "know to retry (%s)", rerun).isEmpty();
    }

    /** 5xx answers grouped by status and problem title/detail, for the report. */
    static Map<String, Long> describe(List<Answer> answers) {
        Map<String, Long> groups = new TreeMap<>();
        for (Answer a : answers) {
            String detail = a.body() == null ? "" : a.body().replaceAll(".*\"detail\"\\s*:\\s*\"([^\"]*)\".*", "$1");
            groups.merge(a.status() + " " + a.contentType() + " " + (detail.length() > 120 ? detail.substring(0, 120) : detail), 1L, Long::sum);
        }
        return groups;
    }
}
