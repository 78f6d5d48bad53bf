package io.selvedge.shared;

import java.util.function.Supplier;

/**
 * Runs a write at most once per (scope, key) (API.md, Idempotency): the same key with the same body
 * returns the first answer; the same key with another body is a 409 and is recorded. Only successful
 * answers are remembered, so a refusal (say, not enough stock) can be retried under the same id.
 */
public final class IdempotentWrites {

    private final WriteTransactions writes;
    private final IdempotencyLog log;

    public IdempotentWrites(WriteTransactions writes, IdempotencyLog log) {
        this.writes = writes;
        this.log = log;
    }

    public WriteResult write(String scope, String key, String bodyHash, Supplier<WriteResult> effect) {
        WriteResult result = writes.write(() -> writeOnce(scope, key, bodyHash, effect));
        if (result == CONFLICT) {
            throw new ProblemException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    scope + " '" + key + "' was already received with a different body");
        }
        return result;
    }

    /** For work already inside a write (a batch of transactions posted in one request). */
    public WriteResult writeOnce(String scope, String key, String bodyHash, Supplier<WriteResult> effect) {
        var prior = log.find(scope, key);
        if (prior.isPresent()) {
            if (prior.get().bodyHash().equals(bodyHash)) {
                return WriteResult.replayOf(prior.get().responseJson());
            }
            log.recordConflict(scope, key, bodyHash);
            return CONFLICT;
        }
        WriteResult result;
        try {
            result = effect.get();
        } catch (ProblemException refused) {
            if (refused.code() == ErrorCode.STATE_CONFLICT) {
                var copy = committedMeanwhile(scope, key, bodyHash);
                if (copy != null) {
                    return copy;
                }
            }
            throw refused;
        }
        if (result.status() == 409) {
            var copy = committedMeanwhile(scope, key, bodyHash);
            if (copy != null) {
                return copy;
            }
        }
        if (result.status() >= 200 && result.status() < 300) {
            log.record(scope, key, bodyHash, result.status(), result.json());
        }
        return result;
    }

    /**
     * With several hub instances, a copy of the same request may commit on another instance between this one's look in
     * the log and its effect, which then conflicts with what that copy did (a void finds its sale voided, by itself).
     * The copy's answer and its effect commit together, so having seen the effect, a second look finds the answer:
     * this request is a replay of it.
     */
    private WriteResult committedMeanwhile(String scope, String key, String bodyHash) {
        var prior = log.find(scope, key);
        return prior.isPresent() && prior.get().bodyHash().equals(bodyHash) ? WriteResult.replayOf(prior.get().responseJson()) : null;
    }

    public static boolean isConflict(WriteResult result) {
        return result == CONFLICT;
    }

    private static final WriteResult CONFLICT = new WriteResult(409, null, false);
}
