package io.selvedge.contract;

import io.selvedge.shared.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Resolves a bearer key to its system. Compares hashes in constant time, and looks at every system. */
public final class ApiKeys {

    private final Contract contract;

    public ApiKeys(Contract contract) {
        this.contract = contract;
    }

    public Optional<Caller> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = Hashing.sha256Hex(presentedKey).getBytes(StandardCharsets.US_ASCII);
        Contract.SystemDef match = null;
        for (Contract.SystemDef system : contract.systems().values()) {
            // no early exit: the time taken must not depend on which key matched
            if (MessageDigest.isEqual(presented, system.keySha256().getBytes(StandardCharsets.US_ASCII))) {
                match = system;
            }
        }
        return Optional.ofNullable(match).map(Caller::new);
    }
}
