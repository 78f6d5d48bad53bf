package io.selvedge.faults;

/**
 * What the hub answered one HTTP request: a status and body, or no answer at all ({@code status == 0}: the
 * connection was refused, reset or timed out, as it is while the hub is down).
 */
record Answer(int status, String body, String contentType, boolean replay, String error) {

    static Answer none(String error) {
        return new Answer(0, null, null, false, error);
    }

    boolean acked() {
        return status >= 200 && status < 300;
    }

    boolean answered() {
        return status != 0;
    }

    /** An answer the sender must not retry: success or a refusal of the request itself. */
    boolean definitive() {
        return status >= 200 && status < 500;
    }

    boolean problemJson() {
        return contentType != null && contentType.startsWith("application/problem+json");
    }

    @Override
    public String toString() {
        return status == 0 ? "no answer (" + error + ")"
                : status + (replay ? " (replay)" : "") + " " + (body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
}
