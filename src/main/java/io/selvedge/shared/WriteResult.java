package io.selvedge.shared;

/**
 * The answer to an idempotent write: HTTP status, JSON body, and whether it replays an earlier answer
 * (then the status is 200 and the web layer adds {@code Idempotent-Replay: true}).
 */
public record WriteResult(int status, String json, boolean replay) {

    public static WriteResult first(int status, String json) {
        return new WriteResult(status, json, false);
    }

    public static WriteResult replayOf(String json) {
        return new WriteResult(200, json, true);
    }
}
