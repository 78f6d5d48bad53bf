package io.selvedge.sales.kafka;

import io.selvedge.shared.ErrorCode;

/**
 * A transactions record the hub refuses for a reason that a retry cannot change (not JSON, a validation refusal, a
 * field the sender does not own, the same id with another body): dead-lettered at once with {@code problem}, the
 * RFC 9457 body the HTTP endpoint would have answered.
 */
final class RefusedRecord extends RuntimeException {

    private final ErrorCode code;
    private final String problem;

    RefusedRecord(ErrorCode code, String detail, String problem) {
        super(detail, null, false, false);
        this.code = code;
        this.problem = problem;
    }

    ErrorCode code() {
        return code;
    }

    String problem() {
        return problem;
    }
}
