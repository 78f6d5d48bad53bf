package io.selvedge.catalog;

import io.selvedge.shared.Janitor;
import io.selvedge.shared.Leases;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Emits price.changed when a scheduled markdown takes effect; looks cheaply, writes only when one is due. */
@Component
class MarkdownSchedule extends Janitor {

    private final CatalogFeed feed;

    MarkdownSchedule(CatalogFeed feed, @Value("${selvedge.catalog.markdown-interval:1s}") Duration interval, Leases leases) {
        super("selvedge-markdowns", interval, leases, 500, "catalog.markdowns-announced", "catalog.markdown-sweep-failed");
        this.feed = feed;
    }

    @Override
    protected boolean anyDue() {
        return feed.anyMarkdownDue();
    }

    @Override
    protected int handleDue(int limit) {
        return feed.announceDueMarkdowns(limit); // the feed writes each batch itself
    }
}
