package io.selvedge.monitoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one row ({@link FlowKey}) has done since the hub started: its last event, the records received and
 * errored (by reason), its recent lag and its lag per minute. Not thread-safe: its monitor serialises access.
 *
 * <p>Received counts come from the flow's meter when a module records one ({@code selvedge.flow.received},
 * every attempt, refused ones included), else from the events it committed to the outbox.
 */
public final class FlowTracker {

    /** Cumulative counts at a moment: the window's counts are the difference between two of these. */
    private record Counts(Instant at, long received, long errored) {
    }

    /** Received and errored within a window. */
    public record WindowCounts(long received, long errored) {
    }

    private final FlowKey key;
    private final Instant watchedSince;
    private final LagWindow lag;
    private final LagHistory history;
    private final ArrayDeque<Counts> counts = new ArrayDeque<>();
    private final Map<String, Long> errorsByReason = new TreeMap<>();
    private volatile Instant lastEventAt;
    private long events;
    private Long meterReceived;
    private volatile Judgement judgement = Judgement.ok();
    private Instant statusSince;

    public FlowTracker(FlowKey key, Instant watchedSince, Instant lastEventAt, int lagCapacity, int historyReservoir) {
        this(key, watchedSince, lastEventAt, Judgement.ok(), watchedSince, lagCapacity, historyReservoir);
    }

    /**
     * A row as a restart finds it: monitored since {@code watchedSince} (so a row never heard from stays quiet
     * since then), last heard at {@code lastEventAt}, with the status it had.
     */
    public FlowTracker(FlowKey key, Instant watchedSince, Instant lastEventAt, Judgement judgement, Instant statusSince,
                       int lagCapacity, int historyReservoir) {
        this.key = key;
        this.watchedSince = watchedSince;
        this.lastEventAt = lastEventAt;
        this.lag = new LagWindow(lagCapacity);
        this.history = new LagHistory(historyReservoir);
        this.judgement = judgement;
        this.statusSince = statusSince;
        counts.add(new Counts(watchedSince, 0, 0));
    }

    public FlowKey key() {
        return key;
    }

    /** An event of this row committed at {@code recordedAt}. */
    public void event(Instant recordedAt) {
        events++;
        seenAt(recordedAt);
    }

    /** The lag of an event that carries its source's own time. */
    public void lag(Instant recordedAt, long ms) {
        lag.add(recordedAt, ms);
        history.add(recordedAt, ms);
    }

    /** The meters' cumulative values as observed at {@code now}; more received means the source is talking. */
    public void meters(Instant now, Long received, Map<String, Long> errors) {
        long before = meterReceived == null ? 0 : meterReceived;
        long errorsBefore = errored();
        if (received != null) {
            meterReceived = received;
        }
        errorsByReason.clear();
        errorsByReason.putAll(errors);
        if ((received != null && received > before) || errored() > errorsBefore) {
            seenAt(now);
        }
    }

    private void seenAt(Instant at) {
        if (lastEventAt == null || at.isAfter(lastEventAt)) {
            lastEventAt = at;
        }
    }

    /** Notes the counts at {@code now} (when they moved) and forgets what no window can need any more. */
    public void checkpoint(Instant now, Duration window, Duration historyKept) {
        Counts last = counts.peekLast();
        if (last.received() != received() || last.errored() != errored()) {
            counts.addLast(new Counts(now, received(), errored()));
        }
        Instant from = now.minus(window);
        // keep the newest entry at or before the window's start: it is the window's baseline
        while (counts.size() > 1 && !firstAfterHead().isAfter(from)) {
            counts.removeFirst();
        }
        history.prune(now, historyKept);
    }

    private Instant firstAfterHead() {
        var it = counts.iterator();
        it.next();
        return it.next().at();
    }

    public WindowCounts window(Instant now, Duration window) {
        Instant from = now.minus(window);
        Counts baseline = counts.peekFirst();
        for (Counts c : counts) {
            if (c.at().isAfter(from)) {
                break;
            }
            baseline = c;
        }
        return new WindowCounts(received() - baseline.received(), errored() - baseline.errored());
    }

    public LagWindow.Lag lag(Instant now, Duration window) {
        return lag.over(now, window);
    }

    public java.util.List<LagHistory.Point> history(Instant now, Duration span) {
        return history.points(now, span);
    }

    public Instant lastEventAt() {
        return lastEventAt;
    }

    /** Where silence is measured from: the last event, or when monitoring began for a row never heard. */
    public Instant quietSince() {
        return lastEventAt != null ? lastEventAt : watchedSince;
    }

    public long received() {
        return meterReceived != null ? meterReceived : events;
    }

    public long errored() {
        long sum = 0;
        for (long n : errorsByReason.values()) {
            sum += n;
        }
        return sum;
    }

    public Map<String, Long> errorsByReason() {
        return Map.copyOf(errorsByReason);
    }

    public Judgement judgement() {
        return judgement;
    }

    public Instant statusSince() {
        return statusSince;
    }

    /** Records the latest judgement; the status's start moves only when the status changes. */
    public void judged(Judgement next, Instant now) {
        if (next.status() != judgement.status()) {
            statusSince = now;
        }
        judgement = next;
    }
}
