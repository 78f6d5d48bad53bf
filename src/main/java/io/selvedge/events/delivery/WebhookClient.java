package io.selvedge.events.delivery;

import io.selvedge.events.EventsSettings;
import io.selvedge.events.domain.DeliveryOutcome;
import io.selvedge.events.domain.Subscription;
import io.selvedge.events.domain.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Opens {@link Endpoint}s for subscriptions. Plain {@code http://} receivers get a kept-alive socket per
 * subscription ({@link SocketEndpoint}), the cheap path a thousand local subscribers need;
 * {@code https://} receivers (and every receiver when {@code selvedge.events.http.engine=jdk}) go through
 * {@code java.net.http.HttpClient}. Both sign, time out and report the same way, and neither is ever
 * used while a database connection is held.
 */
@Component
public class WebhookClient {

    private final HttpClient http;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final boolean sockets;
    private final Clock clock;

    public WebhookClient(EventsSettings settings, Clock clock) {
        this.connectTimeout = settings.http().connectTimeout();
        this.requestTimeout = settings.http().requestTimeout();
        this.sockets = !"jdk".equalsIgnoreCase(settings.http().engine());
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Endpoint endpoint(Subscription subscription) {
        try {
            if (sockets && SocketEndpoint.handles(subscription.url())) {
                return new SocketEndpoint(subscription, connectTimeout, requestTimeout, clock);
            }
            return new JdkEndpoint(subscription);
        } catch (IllegalArgumentException | NullPointerException badUrl) {
            return new Unusable("unusable url");
        }
    }

    /** One delivery on a connection of its own (a replay). */
    public DeliveryOutcome send(Subscription subscription, Delivery delivery) {
        try (Endpoint endpoint = endpoint(subscription)) {
            return endpoint.post(delivery);
        }
    }

    private final class JdkEndpoint implements Endpoint {

        private final Subscription subscription;
        private final URI uri;

        JdkEndpoint(Subscription subscription) {
            this.subscription = subscription;
            this.uri = URI.create(subscription.url());
        }

        @Override
        public DeliveryOutcome post(Delivery delivery) {
            long t = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Selvedge-Webhooks/1")
                    .header("Selvedge-Event-Id", delivery.event().eventId())
                    .header("Selvedge-Event-Type", delivery.event().type())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(subscription.secret(), t, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.bodyUtf8()))
                    .build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status >= 200 && status < 300 ? new DeliveryOutcome.Delivered(status)
                        : new DeliveryOutcome.Failed(status, "HTTP " + status);
            } catch (HttpTimeoutException e) {
                return new DeliveryOutcome.Failed(null, "timed out after " + requestTimeout.toMillis() + " ms");
            } catch (IOException e) {
                return SocketEndpoint.failure(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new DeliveryOutcome.Failed(null, "interrupted (shutting down)");
            }
        }

        @Override
        public void close() {
            // the shared client pools its own connections
        }
    }

    private record Unusable(String reason) implements Endpoint {

        @Override
        public DeliveryOutcome post(Delivery delivery) {
            return new DeliveryOutcome.Failed(null, reason);
        }

        @Override
        public void close() {
        }
    }
}
