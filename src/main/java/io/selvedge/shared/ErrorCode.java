package io.selvedge.shared;

/**
 * The one catalogue of errors the hub answers with, mapped once to RFC 9457 problem details
 * (type URI, title, HTTP status).
 */
public enum ErrorCode {
    MALFORMED_REQUEST(400, "Malformed request"),
    UNAUTHENTICATED(401, "Missing or invalid API key"),
    NOT_OWNER(403, "Not the owner under the data contract"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    IDEMPOTENCY_CONFLICT(409, "Same id, different body"),
    INSUFFICIENT_STOCK(409, "Not enough available to sell"),
    STATE_CONFLICT(409, "Conflicts with the current state"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    VALIDATION(422, "Invalid request"),
    CARD_NUMBER_REFUSED(422, "A full card number is never accepted"),
    INTERNAL(500, "Internal error"),
    UNAVAILABLE(503, "Temporarily unavailable");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** A stable URI per code, so integrators can switch on it. */
    public String type() {
        return "https://selvedge.io/problems/" + name().toLowerCase().replace('_', '-');
    }
}
