/**
 * Monitoring is part of the product: per flow of the contract (catalog, availability, sales, customers,
 * settlement) and per system and location it keeps the last event time, records received and errored (by
 * reason), lag from the event's own time to the hub's commit (p50/p99), and a status judged against the
 * contract's {@code maxLag} and {@code silenceWindow}: OK, LATE, SILENT (counting only the location's trading
 * hours) or FAILING. A status change is published as {@code monitoring.alert}; the dashboard at {@code /} shows it all.
 *
 * Beside the flows, each webhook subscriber's backlog and the age of its oldest undelivered event.
 *
 * <p>It learns from the events module's feed ({@link io.selvedge.events.EventFeed#watch}) and backlogs, and from the
 * meters other modules record, so no module calls it. The dashboard also shows what other modules serve over the
 * API (dead letters, oversells, parked returns, catalogue acknowledgements, reconciliation exceptions), fetched by
 * the page itself. API: {@link io.selvedge.monitoring.FlowMonitor}, {@link io.selvedge.monitoring.SubscriberMonitor}.
 * Inside: {@code domain/} (keys, trackers, the status rules, trading time, percentiles), {@code jdbc/} (the
 * alerted statuses and the feed cursor), {@code web/}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract", "events"})
package io.selvedge.monitoring;
