package io.selvedge.events.web;

import java.util.List;

/** {@code POST /api/v1/subscriptions}. {@code subscriptionId} is optional: the caller's own idempotency key. */
record SubscriptionRequest(String subscriptionId, String url, List<String> events, List<String> locations, String secret) {

    @Override
    public String toString() {
        return "SubscriptionRequest[subscriptionId=" + subscriptionId + ", events=" + events + ", locations=" + locations + "]";
    }
}
