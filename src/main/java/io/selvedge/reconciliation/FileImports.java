package io.selvedge.reconciliation;

import io.selvedge.reconciliation.domain.Parsed;
import io.selvedge.reconciliation.jdbc.JdbcFileImports;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteResult;
import io.selvedge.shared.WriteTransactions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * What importing a processor file and a bank file have in common: a file already imported (same SHA-256) replays
 * its first answer without being read again; a refused file is a 422 naming where and why, with nothing written;
 * the import itself is one write, retried once if another request raced it to the same file or line.
 */
final class FileImports {

    private FileImports() {
    }

    static Optional<WriteResult> replay(JdbcFileImports imports, String kind, String sha256) {
        return imports.find(kind, sha256).map(found -> WriteResult.replayOf(found.response()));
    }

    static <T> T accepted(Parsed<T> parsed, String format) {
        if (parsed instanceof Parsed.Refused<T> refused) {
            throw new ProblemException(ErrorCode.VALIDATION, format + " file refused at " + refused.location() + ": " + refused.reason()
                    + "; nothing was imported", List.of(new FieldError(refused.location(), refused.reason())),
                    Map.of("format", format, "location", refused.location()));
        }
        return ((Parsed.Accepted<T>) parsed).value();
    }

    static WriteResult write(WriteTransactions writes, Supplier<WriteResult> work) {
        try {
            return writes.write(work);
        } catch (DataIntegrityViolationException raced) {
            // the same file, or a line of it, was recorded by a request that committed first: look again
            return writes.write(work);
        }
    }

    static String lineKey(String naturalKey) {
        return Hashing.sha256Hex(naturalKey);
    }

    static ProblemException unrecognised(String detail) {
        return new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, detail);
    }

    static String importId(String prefix, String sha256) {
        return prefix + sha256.substring(0, 24);
    }
}
