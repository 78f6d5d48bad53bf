package io.selvedge.shared;

import java.util.List;
import java.util.Map;

/**
 * A refusal to be answered as an RFC 9457 problem. Thrown at the edges (validation, authorisation,
 * refusals decided before anything is written); the web layer maps it once.
 */
public class ProblemException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldError> errors;
    private final Map<String, Object> properties;

    public ProblemException(ErrorCode code, String detail) {
        this(code, detail, List.of(), Map.of());
    }

    public ProblemException(ErrorCode code, String detail, List<FieldError> errors) {
        this(code, detail, errors, Map.of());
    }

    public ProblemException(ErrorCode code, String detail, List<FieldError> errors, Map<String, Object> properties) {
        super(detail);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.properties = Map.copyOf(properties);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ErrorCode.VALIDATION, field + " " + message, List.of(new FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ErrorCode.NOT_FOUND, detail);
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
