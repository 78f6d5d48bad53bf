package io.selvedge.monitoring;

import io.selvedge.monitoring.domain.StatusRules;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Monitoring's tuning ({@code selvedge.monitoring.*}). {@code window}: the recent window over which lag
 * percentiles and the error rate are judged. A flow is FAILING when at least {@code failingMinErrors} of its
 * records errored in the window and they are at least {@code failingErrorPercent} % of what it received
 * there. {@code sweepInterval}: how often statuses are judged and changes alerted. {@code history}: how far
 * back the lag chart goes.
 */
@ConfigurationProperties("selvedge.monitoring")
public record MonitoringSettings(@DefaultValue("true") boolean enabled,
                                 @DefaultValue("5s") Duration sweepInterval,
                                 @DefaultValue("5m") Duration window,
                                 @DefaultValue("3") int failingMinErrors,
                                 @DefaultValue("20") int failingErrorPercent,
                                 @DefaultValue("6h") Duration history) {

    public StatusRules rules() {
        return new StatusRules(window, failingMinErrors, failingErrorPercent);
    }
}
