package io.selvedge.monitoring.domain;

import java.time.Duration;

/** Durations as an operator reads them: {@code 1h30m}, {@code 45s}, {@code 1.2s}, {@code 350ms}. */
public final class Durations {

    private Durations() {
    }

    public static String words(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 10_000 && ms % 1000 != 0) {
            return (ms / 1000) + "." + (ms % 1000 / 100) + "s";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 86400) {
            out.append(s / 86400).append('d');
            s %= 86400;
        }
        if (s >= 3600) {
            out.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            out.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || out.isEmpty()) {
            out.append(s).append('s');
        }
        return out.toString();
    }
}
