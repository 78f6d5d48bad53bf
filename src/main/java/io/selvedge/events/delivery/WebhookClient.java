package io.selvedge.events.delivery;

import io.selvedge.events.EventsSettings;
import io.selvedge.events.domain.DeliveryOutcome;
import io.selvedge.events.domain.Subscription;
import io.selvedge.events.domain.WebhookSignature;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * POSTs one signed delivery and says how it went. Blocking, with connect and request timeouts, so a
 * silent receiver costs one thread for at most the request timeout. Never holds a database connection.
 */
@Component
public class WebhookClient {

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;

    public WebhookClient(EventsSettings settings, Clock clock) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.http().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = settings.http().requestTimeout();
        this.clock = clock;
    }

    public DeliveryOutcome send(Subscription subscription, Delivery delivery) {
        long t = clock.instant().getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(subscription.url()))
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("Selvedge-Event-Id", delivery.event().eventId())
                    .header("Selvedge-Event-Type", delivery.event().type())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(subscription.secret(), t, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException badUrl) {
            return new DeliveryOutcome.Failed(null, "unusable url: " + badUrl.getMessage());
        }
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? new DeliveryOutcome.Delivered(status)
                    : new DeliveryOutcome.Failed(status, "HTTP " + status);
        } catch (HttpTimeoutException e) {
            return new DeliveryOutcome.Failed(null, "timed out: " + e.getMessage());
        } catch (ConnectException e) {
            return new DeliveryOutcome.Failed(null, "connection refused or unreachable");
        } catch (IOException e) {
            return new DeliveryOutcome.Failed(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryOutcome.Failed(null, "interrupted (shutting down)");
        }
    }
}
