package io.selvedge.shared;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Reading a JSON body the same way everywhere it arrives: a wrong type names its field (422), anything else is a 400. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** Parses {@code body} as {@code type}; {@code notJson} is the detail when it is not JSON at all. */
    public static <T> T parse(JsonMapper json, String body, Class<T> type, String notJson) {
        try {
            return json.readValue(body, type);
        } catch (JacksonException e) {
            if (!e.getPath().isEmpty()) {
                String field = path(e.getPath());
                throw new ProblemException(ErrorCode.VALIDATION, field + " has the wrong type or format",
                        List.of(new FieldError(field, "has the wrong type or format")));
            }
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, notJson);
        }
    }

    /** A parser's location as a field path of our problems: {@code lines[1].unitPrice}. */
    public static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
