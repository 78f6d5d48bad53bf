package io.selvedge.app.web;

import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.ProblemException;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The one place errors become RFC 9457 problems: {@link ErrorCode}s from the modules, and Spring MVC's
 * own (404, 405, 415, malformed JSON) in the same shape.
 */
@RestControllerAdvice
public class Problems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    public static ProblemDetail problem(ErrorCode code, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.status()), detail);
        problem.setType(URI.create(code.type()));
        problem.setTitle(code.title());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> handleProblem(ProblemException e) {
        ProblemDetail problem = problem(e.code(), e.getMessage(), e.errors());
        e.properties().forEach(problem::setProperty);
        return respond(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(problem(ErrorCode.VALIDATION, e.getName() + " has the wrong type",
                List.of(new FieldError(e.getName(), "must be a valid " + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName())))));
    }

    /**
     * The database is unreachable or failed mid-commit (a restart, a failover): the request may or may not have been
     * written, so the client is told to send it again with the same id, which has the effect of one either way.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class, TransactionSystemException.class, QueryTimeoutException.class})
    ResponseEntity<Object> handleUnavailable(Exception e) {
        log.warn("event=request.unavailable error={}", e.getClass().getName());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "1").contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(ErrorCode.UNAVAILABLE, "The database is not available just now; send the same request again "
                        + "(with the same id) in a moment: it will take effect once", List.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e) {
        log.error("event=request.failed error={}", e.getClass().getName(), e);
        return respond(problem(ErrorCode.INTERNAL, "An unexpected error; nothing was written by this request", List.of()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = io.selvedge.shared.JsonBodies.path(jackson.getPath());
            return respond(problem(ErrorCode.VALIDATION, field + " has the wrong type or format",
                    List.of(new FieldError(field, "has the wrong type or format"))));
        }
        String detail = e.getCause() instanceof JacksonException jackson ? "The body is not valid JSON: " + jackson.getOriginalMessage()
                : "The request body is missing or unreadable";
        return respond(problem(ErrorCode.MALFORMED_REQUEST, detail, List.of()));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Spring's own exceptions (404, 405, 415 ...) arrive here already as ProblemDetail.
        if (body instanceof ProblemDetail problem) {
            ErrorCode code = switch (status.value()) {
                case 400 -> ErrorCode.MALFORMED_REQUEST;
                case 404 -> ErrorCode.NOT_FOUND;
                case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
                case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
                case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
                default -> null;
            };
            if (code != null) {
                problem.setType(URI.create(code.type()));
                problem.setTitle(code.title());
            }
        }
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, out, status);
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

}
