package io.selvedge.app;

import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Reads an {@link Instant} only from an ISO-8601 string. Jackson's own reader also takes a JSON number, or a string of
 * digits, as epoch seconds: {@code "4000000085683581"} became a year PostgreSQL cannot store, and {@code 1700000000}
 * would silently be a date nobody sent. Such values are refused as the wrong format, naming the field.
 */
final class IsoInstants extends StdScalarDeserializer<Instant> {

    IsoInstants() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
        if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
        // an Instant already (convertValue passes it embedded), an array or an object: Jackson's reader decides
        String text = p.hasToken(JsonToken.VALUE_STRING) ? p.getString().trim() : "";
        if (text.matches("[-+]?\\d+(\\.\\d*)?")) {
            return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                    "an instant is an ISO-8601 string such as \"2026-11-20T19:00:00Z\", not a number of seconds");
        }
        return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }
}
