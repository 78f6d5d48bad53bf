/**
 * Events out, and nothing lost: the transactional outbox, subscriptions, the signed-webhook dispatcher
 * with retries and backoff, the dead-letter list with replay, and the pull feed. Stores
 * {@link io.selvedge.shared.OutgoingEvent}s without knowing the feature types behind them.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract"})
package io.selvedge.events;
