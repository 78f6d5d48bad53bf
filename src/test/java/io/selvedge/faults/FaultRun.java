package io.selvedge.faults;

import java.security.SecureRandom;

/**
 * How big a fault run is and which seed drives it. CI runs the short version; {@code -Dselvedge.faults=long} runs
 * more kills and a longer load. {@code -Dselvedge.faults.seed=N} replays a run's workload and fault moments (the seed
 * is printed at the start of every run and in every failure).
 */
final class FaultRun {

    private FaultRun() {
    }

    /** The fault suite runs on PostgreSQL only (killing a process that holds an in-memory H2 proves nothing). */
    static void requirePostgres() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.selvedge.testing.TestDatabase.kind().equals("postgres"),
                "the fault suite runs on PostgreSQL (-Dselvedge.test.db=postgres)");
    }

    static boolean isLong() {
        return "long".equalsIgnoreCase(System.getProperty("selvedge.faults", "short"));
    }

    /** The short (CI) figure, or the long one under {@code -Dselvedge.faults=long}. */
    static int scaled(int shortRun, int longRun) {
        return isLong() ? longRun : shortRun;
    }

    static long seed() {
        String given = System.getProperty("selvedge.faults.seed");
        if (given != null && !given.isBlank()) {
            return Long.parseLong(given.trim());
        }
        return new SecureRandom().nextInt(1_000_000_000);
    }

    static String rerun(String test, long seed) {
        return "seed=" + seed + " (rerun: ./mvnw -B test -Dtest=" + test + " -Dselvedge.faults.seed=" + seed
                + (isLong() ? " -Dselvedge.faults=long" : "") + ")";
    }

    /** One line of figures, so a CI log shows what each fault did. */
    static void report(String fault, String figures) {
        System.out.println("[faults] " + fault + ": " + figures);
    }
}
