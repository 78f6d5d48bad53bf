package io.selvedge.catalog;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Emits price.changed when a scheduled markdown takes effect; looks cheaply, writes only when one is due. */
@Component
class MarkdownSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MarkdownSchedule.class);

    private final CatalogFeed feed;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    MarkdownSchedule(CatalogFeed feed, @Value("${selvedge.catalog.markdown-interval:1s}") Duration interval) {
        this.feed = feed;
        this.interval = interval;
    }

    void sweep() {
        try {
            while (feed.anyMarkdownDue()) {
                int announced = feed.announceDueMarkdowns(500);
                log.info("event=catalog.markdowns-announced count={}", announced);
                if (announced < 500) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=catalog.markdown-sweep-failed error={}", e.toString());
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "selvedge-markdowns");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
