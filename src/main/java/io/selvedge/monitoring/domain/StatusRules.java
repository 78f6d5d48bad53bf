package io.selvedge.monitoring.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * The rules that turn what a flow did into a status, worst first:
 * <ol>
 *   <li>FAILING: at least {@code failingMinErrors} records errored in the window and they are at least
 *       {@code failingErrorPercent} % of the records received in it (a lone bad request is not an outage,
 *       a steady trickle of refusals is);</li>
 *   <li>SILENT: no event for the contract's {@code silenceWindow}, counting only the location's trading hours;</li>
 *   <li>LATE: the p99 lag of the window's events, from their own time to the hub's commit, above the
 *       contract's {@code maxLag};</li>
 *   <li>OK otherwise.</li>
 * </ol>
 * A flow the contract does not list has no lag or silence limits; it can still fail.
 */
public record StatusRules(Duration window, int failingMinErrors, int failingErrorPercent) {

    public StatusRules {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (failingMinErrors < 1 || failingErrorPercent < 1 || failingErrorPercent > 100) {
            throw new IllegalArgumentException("failingMinErrors must be >= 1 and failingErrorPercent within 1..100");
        }
    }

    /**
     * What one row did. {@code quiet}: trading time since its last event (capped at the silence window);
     * {@code maxLag}, {@code silenceWindow}: the contract's limits, null when the flow is not in the contract.
     */
    public record Evidence(long windowReceived, long windowErrored, Long lagP99Ms, Duration quiet,
                           Duration maxLag, Duration silenceWindow) {
    }

    public Judgement judge(Evidence e) {
        return failing(e).or(() -> silent(e)).or(() -> late(e)).orElseGet(Judgement::ok);
    }

    Optional<Judgement> failing(Evidence e) {
        long received = Math.max(e.windowReceived(), e.windowErrored());
        if (e.windowErrored() >= failingMinErrors && e.windowErrored() * 100 >= failingErrorPercent * received) {
            return Optional.of(new Judgement(Status.FAILING, e.windowErrored() + " of " + received + " records errored in the last "
                    + Durations.words(window) + " (limit " + failingErrorPercent + "% and at least " + failingMinErrors + ")"));
        }
        return Optional.empty();
    }

    Optional<Judgement> silent(Evidence e) {
        if (e.silenceWindow() != null && e.quiet() != null && e.quiet().compareTo(e.silenceWindow()) >= 0) {
            return Optional.of(new Judgement(Status.SILENT, "no events for " + Durations.words(e.silenceWindow())
                    + " of trading time (the contract's silence window)"));
        }
        return Optional.empty();
    }

    Optional<Judgement> late(Evidence e) {
        if (e.maxLag() != null && e.lagP99Ms() != null && e.lagP99Ms() > e.maxLag().toMillis()) {
            return Optional.of(new Judgement(Status.LATE, "lag p99 " + Durations.words(Duration.ofMillis(e.lagP99Ms()))
                    + " over the last " + Durations.words(window) + " is above the contract's maxLag " + Durations.words(e.maxLag())));
        }
        return Optional.empty();
    }
}
