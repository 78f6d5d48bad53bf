/**
 * Events out, and nothing lost: the transactional outbox, webhook subscriptions, the signed-webhook
 * dispatcher with retries and backoff, the dead-letter list with replay, and the pull feed. Stores
 * {@link io.selvedge.shared.OutgoingEvent}s as data, without knowing the feature types behind them.
 *
 * <p>API: {@link io.selvedge.events.Subscriptions}, {@link io.selvedge.events.DeadLetters},
 * {@link io.selvedge.events.EventFeed}. Inside: {@code domain/} (subscription matching, signature,
 * backoff), {@code jdbc/} (outbox, subscriptions with their cursors, dead letters), {@code delivery/}
 * (the dispatcher and its per-subscription lanes, the HTTP client), {@code web/}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract"})
package io.selvedge.events;
