package io.selvedge.monitoring;

import io.selvedge.shared.Leases;
import io.selvedge.shared.PeriodicJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Judges every flow each {@code selvedge.monitoring.sweep-interval} and publishes status changes: silence is
 * noticed by the passing of time, not by a request, so something has to look.
 */
@Component
class AlertSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertSweeper.class);

    private final FlowMonitor monitor;
    private final MonitoringSettings settings;
    private final PeriodicJob job;

    AlertSweeper(FlowMonitor monitor, MonitoringSettings settings, Leases leases) {
        this.monitor = monitor;
        this.settings = settings;
        // one instance of several publishes status changes (docs/instances.md); every instance still answers the dashboard
        this.job = new PeriodicJob("selvedge-monitoring", settings.sweepInterval(), this::sweep, leases);
    }

    void sweep() {
        try {
            monitor.sweep();
        } catch (RuntimeException e) {
            log.warn("event=monitoring.sweep-failed error={}", e.toString());
        }
    }

    @Override
    public boolean isAutoStartup() {
        return settings.enabled();
    }

    /** Before the web server (phase {@code DEFAULT_PHASE - 1024}): nothing written through the API is missed. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 2048;
    }

    @Override
    public void start() {
        monitor.begin();
        job.start();
    }

    @Override
    public void stop() {
        job.stop();
    }

    @Override
    public boolean isRunning() {
        return job.isRunning();
    }
}
