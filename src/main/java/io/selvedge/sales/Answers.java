package io.selvedge.sales;

import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.WriteResult;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Refusals found inside a write are answers (RFC 9457 bodies), not exceptions, so a batch goes on. */
final class Answers {

    private Answers() {
    }

    static WriteResult problem(JsonMapper json, ErrorCode code, String detail, Map<String, Object> extra) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", code.type());
        problem.put("title", code.title());
        problem.put("status", code.status());
        problem.put("detail", detail);
        problem.putAll(extra);
        return new WriteResult(code.status(), json.writeValueAsString(problem), false);
    }
}
