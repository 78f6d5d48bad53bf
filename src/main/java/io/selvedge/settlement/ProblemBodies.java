package io.selvedge.settlement;

import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.WriteResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Refusals decided inside a write: answered as RFC 9457 bodies, with nothing written. */
final class ProblemBodies {

    private ProblemBodies() {
    }

    static WriteResult problem(JsonMapper json, ErrorCode code, String detail, List<FieldError> errors, Map<String, Object> extra) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", code.type());
        problem.put("title", code.title());
        problem.put("status", code.status());
        problem.put("detail", detail);
        if (!errors.isEmpty()) {
            problem.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        }
        problem.putAll(extra);
        return new WriteResult(code.status(), json.writeValueAsString(problem), false);
    }
}
