package io.selvedge.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where one request's time went inside the hub, phase by phase, answered as a {@code Server-Timing} header: the write
 * path as the hub sees it, without the network and the client. Code that runs a phase worth seeing adds it to the
 * current request's timing; outside a request (Kafka intake, janitors) there is none and adding costs nothing. Work
 * that runs on another thread (the group-commit writer) keeps a timing of its own, which {@link WriteTransactions}
 * carries back to the request's thread.
 */
public final class ServerTiming {

    private static final ThreadLocal<ServerTiming> CURRENT = new ThreadLocal<>();

    private final Map<String, Long> nanos = new LinkedHashMap<>();

    /** The current thread's timing, or null outside a timed request. */
    public static ServerTiming current() {
        return CURRENT.get();
    }

    /** Makes {@code timing} (null for none) the current thread's and answers the one it replaces. */
    public static ServerTiming use(ServerTiming timing) {
        ServerTiming before = CURRENT.get();
        if (timing == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(timing);
        }
        return before;
    }

    /** Adds {@code elapsed} nanoseconds to {@code phase} of the current request, if there is one. */
    public static void add(String phase, long elapsed) {
        ServerTiming timing = CURRENT.get();
        if (timing != null) {
            timing.record(phase, elapsed);
        }
    }

    /** Runs {@code work} as {@code phase} of the current request. */
    public static <T> T timed(String phase, Supplier<T> work) {
        if (CURRENT.get() == null) {
            return work.get();
        }
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(phase, System.nanoTime() - started);
        }
    }

    public void record(String phase, long elapsed) {
        nanos.merge(phase, elapsed, Long::sum);
    }

    public void addAll(ServerTiming other) {
        other.nanos.forEach(this::record);
    }

    public boolean has(String phase) {
        return nanos.containsKey(phase);
    }

    public Map<String, Long> phases() {
        return Map.copyOf(nanos);
    }

    /**
     * The header's value: {@code total} first, then each phase in the order it was first added, in milliseconds with
     * microsecond precision, in the W3C Server Timing form ({@code name;dur=}).
     */
    public String header(long totalNanos) {
        StringBuilder out = new StringBuilder(160);
        millis(out.append("total;dur="), totalNanos);
        nanos.forEach((phase, elapsed) -> millis(out.append(", ").append(phase).append(";dur="), elapsed));
        return out.toString();
    }

    /** "1.234": on every answer, so by hand rather than through a formatter. */
    private static void millis(StringBuilder out, long elapsed) {
        long micros = (Math.max(0, elapsed) + 500) / 1000;
        long fraction = micros % 1000;
        out.append(micros / 1000).append('.').append(fraction < 100 ? "0" : "").append(fraction < 10 ? "0" : "").append(fraction);
    }
}
