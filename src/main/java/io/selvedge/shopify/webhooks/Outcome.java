package io.selvedge.shopify.webhooks;

import io.selvedge.shared.FieldError;
import java.util.List;

/**
 * What processing a delivery came to. {@code subject}: what it became or concerns (an order ref, a return id, a hub
 * customer id, a SKU), never personal data; {@code reason}: why it was ignored, refused or put off, or notes.
 */
sealed interface Outcome {

    String subject();

    /** Recorded in the hub; {@code result} is the module's answer (JSON) when there is one. */
    record Processed(String subject, String note, String result) implements Outcome {
    }

    /** Nothing for the hub to record (a cancelled order it never saw, an untracked level): by design, not an error. */
    record Ignored(String subject, String reason) implements Outcome {
    }

    /** Refused: the payload or the hub's rules say no; operations must look. {@code errors} name the payload's fields. */
    record Refused(String subject, String reason, List<FieldError> errors, String result) implements Outcome {

        Refused(String subject, String reason, List<FieldError> errors) {
            this(subject, reason, errors, null);
        }

        String describe() {
            if (errors.isEmpty()) {
                return reason;
            }
            StringBuilder text = new StringBuilder(reason);
            for (FieldError e : errors) {
                text.append("; ").append(e.field()).append(": ").append(e.message());
            }
            return text.toString();
        }
    }

    /** Not yet: tried again later (sooner when {@code waitingFor}, a hub order ref, is recorded). */
    record Retry(String subject, String reason, String waitingFor) implements Outcome {
    }
}
