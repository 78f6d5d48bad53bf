package io.selvedge.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

    private static final StatusRules RULES = new StatusRules(Duration.ofMinutes(5), 3, 20);
    private static final Duration MAX_LAG = Duration.ofSeconds(10);
    private static final Duration SILENCE = Duration.ofMinutes(30);

    private static StatusRules.Evidence evidence(long received, long errored, Long p99, Duration quiet) {
        return new StatusRules.Evidence(received, errored, p99, quiet, MAX_LAG, SILENCE);
    }

    @Test
    void aFlowWithinItsLimitsIsOk() {
        assertThat(RULES.judge(evidence(100, 2, 10_000L, Duration.ofMinutes(29)))).isEqualTo(Judgement.ok());
    }

    @Test
    void isLateWhenP99IsAboveMaxLag() {
        Judgement late = RULES.judge(evidence(10, 0, 10_001L, Duration.ZERO));
        assertThat(late.status()).isEqualTo(Status.LATE);
        assertThat(late.reason()).contains("10s").contains("maxLag");
    }

    @Test
    void isSilentOnceTheTradingTimeWithoutEventsReachesTheWindow() {
        assertThat(RULES.judge(evidence(0, 0, null, SILENCE)).status()).isEqualTo(Status.SILENT);
    }

    @Test
    void isFailingOnlyWithEnoughErrorsAndAHighEnoughRate() {
        assertThat(RULES.judge(evidence(10, 2, null, Duration.ZERO)).status()).as("two errors are not an outage").isEqualTo(Status.OK);
        assertThat(RULES.judge(evidence(100, 19, null, Duration.ZERO)).status()).as("19% is below the rate").isEqualTo(Status.OK);
        Judgement failing = RULES.judge(evidence(15, 3, null, Duration.ZERO));
        assertThat(failing.status()).isEqualTo(Status.FAILING);
        assertThat(failing.reason()).startsWith("3 of 15 records errored in the last 5m");
    }

    @Test
    void errorsWithoutReceivedCountsStillFail() {
        assertThat(RULES.judge(evidence(0, 3, null, Duration.ZERO)).status()).isEqualTo(Status.FAILING);
    }

    @Test
    void theWorstStatusWins() {
        assertThat(RULES.judge(evidence(3, 3, 60_000L, SILENCE)).status()).isEqualTo(Status.FAILING);
        assertThat(RULES.judge(evidence(3, 0, 60_000L, SILENCE)).status()).isEqualTo(Status.SILENT);
    }

    @Test
    void aFlowOutsideTheContractHasNoLagOrSilenceLimits() {
        var evidence = new StatusRules.Evidence(0, 0, 3_600_000L, Duration.ofDays(3), null, null);
        assertThat(RULES.judge(evidence)).isEqualTo(Judgement.ok());
    }

    @Test
    void refusesNonsenseThresholds() {
        assertThatThrownBy(() -> new StatusRules(Duration.ZERO, 3, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StatusRules(Duration.ofMinutes(5), 0, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StatusRules(Duration.ofMinutes(5), 3, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
