package io.selvedge.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-28T20:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private static FlowTracker tracker() {
        return new FlowTracker(new FlowKey("sales", "pos", "STORE-ABK"), T0, null, 1000, 64);
    }

    @Test
    void lagPercentilesAreExactNearestRanks() {
        FlowTracker tracker = tracker();
        for (int i = 1; i <= 200; i++) {
            tracker.lag(T0.plusSeconds(1), i * 10L);
        }
        LagWindow.Lag lag = tracker.lag(T0.plusSeconds(2), WINDOW);
        assertThat(lag.count()).isEqualTo(200);
        assertThat(lag.p50Ms()).isEqualTo(1000);
        assertThat(lag.p99Ms()).isEqualTo(1980);
    }

    @Test
    void lagLeavesTheWindowWithTime() {
        FlowTracker tracker = tracker();
        tracker.lag(T0, 30_000);
        assertThat(tracker.lag(T0.plus(WINDOW).minusMillis(1), WINDOW).p99Ms()).isEqualTo(30_000);
        assertThat(tracker.lag(T0.plus(WINDOW), WINDOW).p99Ms()).isNull();
    }

    @Test
    void windowCountsAreTheDifferenceSinceTheWindowBegan() {
        FlowTracker tracker = tracker();
        tracker.meters(T0.plusSeconds(10), 10L, Map.of("status-422", 1L));
        tracker.checkpoint(T0.plusSeconds(10), WINDOW, Duration.ofHours(6));
        tracker.meters(T0.plusSeconds(200), 14L, Map.of("status-422", 4L));
        tracker.checkpoint(T0.plusSeconds(200), WINDOW, Duration.ofHours(6));

        assertThat(tracker.window(T0.plusSeconds(200), WINDOW)).isEqualTo(new FlowTracker.WindowCounts(14, 4));
        // the window now starts after the first checkpoint: only what came since counts
        assertThat(tracker.window(T0.plusSeconds(320), WINDOW)).isEqualTo(new FlowTracker.WindowCounts(4, 3));
        assertThat(tracker.window(T0.plusSeconds(501), WINDOW)).isEqualTo(new FlowTracker.WindowCounts(0, 0));
        assertThat(tracker.received()).isEqualTo(14);
        assertThat(tracker.errorsByReason()).isEqualTo(Map.of("status-422", 4L));
    }

    @Test
    void meterActivityAndEventsMoveTheLastEventForwardOnly() {
        FlowTracker tracker = tracker();
        assertThat(tracker.quietSince()).isEqualTo(T0);
        tracker.event(T0.plusSeconds(60));
        tracker.event(T0.plusSeconds(30));
        assertThat(tracker.lastEventAt()).isEqualTo(T0.plusSeconds(60));
        tracker.meters(T0.plusSeconds(90), null, Map.of());
        assertThat(tracker.lastEventAt()).as("nothing new from the meters").isEqualTo(T0.plusSeconds(60));
        tracker.meters(T0.plusSeconds(120), 1L, Map.of());
        assertThat(tracker.lastEventAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(tracker.received()).as("the meter's count wins over events seen").isEqualTo(1);
    }

    @Test
    void theStatusSinceMovesOnlyWhenTheStatusChanges() {
        FlowTracker tracker = tracker();
        tracker.judged(new Judgement(Status.LATE, "a"), T0.plusSeconds(5));
        tracker.judged(new Judgement(Status.LATE, "b"), T0.plusSeconds(9));
        assertThat(tracker.statusSince()).isEqualTo(T0.plusSeconds(5));
        assertThat(tracker.judgement().reason()).isEqualTo("b");
    }

    @Test
    void historyKeepsMinutesWithTheirPercentiles() {
        FlowTracker tracker = tracker();
        tracker.lag(T0, 100);
        tracker.lag(T0.plusSeconds(30), 300);
        tracker.lag(T0.plusSeconds(61), 50);
        var points = tracker.history(T0.plusSeconds(90), Duration.ofHours(1));
        assertThat(points).hasSize(2);
        assertThat(points.get(0)).isEqualTo(new LagHistory.Point(T0, 2, 100, 300, 300));
        tracker.checkpoint(T0.plus(Duration.ofHours(2)), WINDOW, Duration.ofHours(1));
        assertThat(tracker.history(T0.plus(Duration.ofHours(2)), Duration.ofHours(6))).isEmpty();
    }
}
