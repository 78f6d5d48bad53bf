package io.selvedge.catalog;

import io.selvedge.shared.Leases;
import io.selvedge.shared.PeriodicJob;
import java.time.Duration;
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
    private final PeriodicJob job;

    MarkdownSchedule(CatalogFeed feed, @Value("${selvedge.catalog.markdown-interval:1s}") Duration interval, Leases leases) {
        this.feed = feed;
        this.job = new PeriodicJob("selvedge-markdowns", interval, this::sweep, leases);
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
