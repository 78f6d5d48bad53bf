package io.selvedge.shared;

import java.util.Optional;

/**
 * The natural key of each write, the hash of its body and the first answer, stored in the same
 * transaction as the effect (STYLE convention 7). Kept at least 30 days: a POS can queue offline
 * for long.
 */
public interface IdempotencyLog {

    Optional<Recorded> find(String scope, String key);

    void record(String scope, String key, String bodyHash, int status, String responseJson);

    /** Keeps the refused attempt for the audit trail (DESIGN: a conflicting replay is recorded). */
    void recordConflict(String scope, String key, String bodyHash);

    record Recorded(String bodyHash, int status, String responseJson) {
    }
}
