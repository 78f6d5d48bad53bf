package io.selvedge.monitoring;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private volatile ScheduledExecutorService executor;

    AlertSweeper(FlowMonitor monitor, MonitoringSettings settings) {
        this.monitor = monitor;
        this.settings = settings;
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
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "selvedge-monitoring");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
