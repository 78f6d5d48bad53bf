package io.selvedge.events.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One outbox row as the events module sees it: a type, a place, and the {@code data} JSON exactly as the
 * publishing module wrote it. {@code sequence} is the outbox id, the global delivery order.
 */
public record StoredEvent(long sequence, String eventId, String type, String key, String location,
                          Instant occurredAt, Instant recordedAt, String data) {

    public StoredEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
    }

    /**
     * The body of a webhook delivery, {@code {"id","type","occurredAt","sequence","data"}} (API.md), with
     * {@code data} copied verbatim so a receiver sees what the feed serves.
     */
    public String webhookBody() {
        return new StringBuilder(data.length() + 160)
                .append("{\"id\":").append(quote(eventId))
                .append(",\"type\":").append(quote(type))
                .append(",\"occurredAt\":").append(quote(occurredAt.toString()))
                .append(",\"sequence\":").append(sequence)
                .append(",\"data\":").append(data)
                .append('}').toString();
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
