package io.selvedge.shopify.webhooks;

import io.selvedge.shared.FieldError;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A module's refusal (a thrown problem, or a problem answer) as the refusal of a delivery, its fields named in Shopify's terms. */
final class Refusals {

    private Refusals() {
    }

    static Outcome.Refused of(String subject, ProblemException e, UnaryOperator<String> path) {
        List<FieldError> errors = e.errors().stream().map(f -> new FieldError(path.apply(f.field()), f.message())).toList();
        return new Outcome.Refused(subject, "the hub refused it (" + e.code().status() + "): " + e.getMessage(), errors);
    }

    static Outcome.Refused of(String subject, WriteResult answer, JsonMapper json, UnaryOperator<String> path) {
        JsonNode problem = json.readTree(answer.json());
        List<FieldError> errors = new ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            errors.add(new FieldError(path.apply(e.path("field").asString("")), e.path("message").asString("")));
        }
        return new Outcome.Refused(subject, "the hub refused it (" + answer.status() + "): " + problem.path("detail").asString(""), errors,
                answer.json());
    }

    /** The canonical request's field paths back in the payload's: {@code lines[2].sku} is {@code line_items[2].sku}. */
    static UnaryOperator<String> renaming(String lines, String tenders) {
        return field -> field.startsWith("lines") ? lines + field.substring("lines".length())
                : field.startsWith("tenders") ? tenders + " (as " + field + ")" : field;
    }
}
