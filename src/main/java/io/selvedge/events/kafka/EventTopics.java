package io.selvedge.events.kafka;

import java.util.Objects;

/**
 * Which topic an event type goes to: one topic per family, the part of the type before its first dot
 * ({@code availability.changed} → {@code <prefix>availability}, {@code order.refunded} → {@code <prefix>order}).
 * {@code price.*} joins {@code catalog}: price and catalogue events share the key {@code catalog} and the catalogue's
 * revisions, so a reader sees them in one order.
 */
final class EventTopics {

    private final String prefix;

    EventTopics(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    String topicOf(String type) {
        return prefix + familyOf(type);
    }

    static String familyOf(String type) {
        int dot = type.indexOf('.');
        String family = dot < 0 ? type : type.substring(0, dot);
        if (family.isEmpty()) {
            throw new IllegalArgumentException("an event type names its family before a dot: '" + type + "'");
        }
        return family.equals("price") ? "catalog" : family;
    }
}
