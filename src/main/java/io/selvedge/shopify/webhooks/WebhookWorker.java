package io.selvedge.shopify.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.shopify.ShopifySettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes the kept deliveries in arrival order, on a thread of its own: woken by each accepted delivery, and at least
 * every poll interval for those whose retry time came. Each delivery is claimed with a lease (several hub instances may
 * share the table), mapped by its topic, and its outcome recorded: PROCESSED, IGNORED (nothing to record, by design),
 * REFUSED (with the reason and the payload's fields), or RETRY (a refund before its order; an unexpected error), tried
 * again with a doubling delay and refused after the configured attempts.
 */
@Component
class WebhookWorker implements SmartLifecycle {

    /** Floats as exact decimals: Shopify writes some money as JSON numbers (refund line subtotals). */
    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

    private final JdbcWebhooks webhooks;
    private final OrderWebhooks orders;
    private final RefundWebhooks refunds;
    private final CustomerWebhooks customers;
    private final InventoryLevelWebhooks levels;
    private final ProductWebhooks products;
    private final WriteTransactions writes;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ShopifySettings.Webhooks settings;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Instant lastPurge = Instant.EPOCH;

    WebhookWorker(JdbcWebhooks webhooks, OrderWebhooks orders, RefundWebhooks refunds, CustomerWebhooks customers,
                  InventoryLevelWebhooks levels, ProductWebhooks products, WriteTransactions writes, MeterRegistry meters, Clock clock,
                  ShopifySettings settings) {
        this.webhooks = webhooks;
        this.orders = orders;
        this.refunds = refunds;
        this.customers = customers;
        this.levels = levels;
        this.products = products;
        this.writes = writes;
        this.meters = meters;
        this.clock = clock;
        this.settings = settings.webhooks();
    }

    void wake() {
        wakeups.release();
    }

    private void loop() {
        while (running) {
            try {
                while (running && drain() > 0) {
                    // more may have become due meanwhile
                }
                purge();
                wakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("event=shopify.webhooks.worker-failed error={}", e.getClass().getName(), e);
                try {
                    Thread.sleep(settings.pollInterval().toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** One pass over what is due; the number of deliveries processed. */
    int drain() {
        Instant now = clock.instant();
        List<JdbcWebhooks.Due> due = webhooks.due(now, settings.batch());
        int processed = 0;
        for (JdbcWebhooks.Due delivery : due) {
            if (!running) {
                break;
            }
            Instant claimedAt = clock.instant();
            if (!writes.write(() -> webhooks.claim(delivery.id(), claimedAt, claimedAt.plus(settings.lease())))) {
                continue;
            }
            record(delivery, process(delivery));
            processed++;
        }
        return processed;
    }

    /** Once a minute: the bodies of deliveries settled longer ago than the retention go (they hold personal data). */
    private void purge() {
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).toMinutes() < 1) {
            return;
        }
        lastPurge = now;
        int dropped = writes.write(() -> webhooks.dropBodies(now.minus(settings.bodyRetention())));
        if (dropped > 0) {
            log.info("event=shopify.webhooks.bodies-dropped count={}", dropped);
        }
    }

    private Outcome process(JdbcWebhooks.Due delivery) {
        if (delivery.body() == null) {
            return new Outcome.Refused(null, "its body was not kept", List.of());
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(delivery.body());
        } catch (JacksonException e) {
            var at = e.getLocation();
            return new Outcome.Refused(null, "the body is not well-formed JSON"
                    + (at == null ? "" : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), List.of());
        }
        if (payload == null || !payload.isObject()) {
            return new Outcome.Refused(null, "the body is not a JSON object", List.of());
        }
        try {
            return switch (delivery.topic()) {
                case "orders/create" -> orders.created(payload);
                case "orders/updated" -> orders.updated(payload);
                case "refunds/create" -> refunds.created(payload);
                case "customers/create", "customers/update" -> customers.recorded(payload);
                case "inventory_levels/update" -> levels.updated(payload);
                case "products/create", "products/update" -> products.updated(payload);
                default -> new Outcome.Ignored(null, "topic " + delivery.topic() + " is not mapped");
            };
        } catch (RuntimeException e) {
            // a database hiccup or a bug: kept, and tried again; the exception's text may quote data, so only its type is kept
            log.warn("event=shopify.webhook.failed topic={} webhookId={} error={}", delivery.topic(), delivery.webhookId(),
                    e.getClass().getName(), e);
            return new Outcome.Retry(null, "unexpected error (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    private void record(JdbcWebhooks.Due delivery, Outcome outcome) {
        Instant now = clock.instant();
        int attempt = delivery.attempts() + 1;
        String status = writes.write(() -> {
            if (outcome instanceof Outcome.Processed p) {
                return finish(delivery, "PROCESSED", now, p.subject(), p.note(), p.result());
            }
            if (outcome instanceof Outcome.Ignored i) {
                return finish(delivery, "IGNORED", now, i.subject(), i.reason(), null);
            }
            if (outcome instanceof Outcome.Refused r) {
                return finish(delivery, "REFUSED", now, r.subject(), r.describe(), r.result());
            }
            Outcome.Retry r = (Outcome.Retry) outcome;
            if (attempt >= settings.maxAttempts()) {
                return finish(delivery, "REFUSED", now, r.subject(), "gave up after " + attempt + " attempts: " + r.reason(), null);
            }
            webhooks.retry(delivery.id(), now, now.plus(backoff(attempt)), r.subject(), r.reason(), r.waitingFor());
            return "RETRY";
        });
        meters.counter("selvedge.shopify.webhooks.processed", "topic", delivery.topic(), "status", status).increment();
        if (status.equals("REFUSED") && (!(outcome instanceof Outcome.Refused r) || r.result() == null)) {
            // refusals the hub's modules answered are counted by them; these never reached one
            meters.counter("selvedge.flow.errors", "flow", flowOf(delivery.topic()), "system", "web", "reason", "shopify-refused").increment();
        }
        if (status.equals("PROCESSED") || status.equals("IGNORED")) {
            log.info("event=shopify.webhook.{} topic={} webhookId={} subject={}", status.toLowerCase(java.util.Locale.ROOT), delivery.topic(),
                    delivery.webhookId(), outcome.subject());
        } else {
            log.warn("event=shopify.webhook.{} topic={} webhookId={} subject={} attempt={}", status.toLowerCase(java.util.Locale.ROOT),
                    delivery.topic(), delivery.webhookId(), outcome.subject(), attempt);
        }
    }

    private String finish(JdbcWebhooks.Due delivery, String status, Instant now, String subject, String reason, String result) {
        webhooks.finish(delivery.id(), status, now, subject, reason, result);
        return status;
    }

    private Duration backoff(int attempt) {
        Duration delay = settings.retryInitial();
        for (int i = 1; i < attempt && delay.compareTo(settings.retryMax()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : delay;
    }

    private static String flowOf(String topic) {
        return topic.startsWith("customers") ? "customers" : topic.startsWith("orders") || topic.startsWith("refunds") ? "sales" : "availability";
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "selvedge-shopify-webhooks");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
