package io.selvedge.faults;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One adversarial request: what it is (for the failure report), how it is sent, the request id it carries ({@code token},
 * so a refusal can be shown to have left no row behind) and the card numbers hidden in it.
 */
record Hostile(String label, String method, String path, String key, String contentType, byte[] body, Map<String, String> headers,
               String token, List<String> pans) {

    @Override
    public String toString() {
        String text = body == null ? "" : new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
        return label + ": " + method + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path) + " key=" + key
                + " content-type=" + contentType + " body(" + (body == null ? 0 : body.length) + " bytes)=" + text
                + (body != null && body.length > 400 ? "..." : "");
    }
}
