package io.selvedge.events.web;

import io.selvedge.contract.Caller;
import io.selvedge.events.DeadLetters;
import io.selvedge.events.domain.DeadLetter;
import io.selvedge.shared.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/dead-letters")
class DeadLettersController {

    private final DeadLetters deadLetters;

    DeadLettersController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** {@code status}: DEAD (default, waiting for a replay), REPLAYED or ALL; paged by {@code after} (an entry id). */
    @GetMapping
    Map<String, Object> list(Caller caller, @RequestParam(defaultValue = "DEAD") String status,
                             @RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit) {
        DeadLetter.Status wanted = switch (status) {
            case "DEAD" -> DeadLetter.Status.DEAD;
            case "REPLAYED" -> DeadLetter.Status.REPLAYED;
            case "ALL" -> null;
            default -> throw ProblemException.invalid("status", "must be DEAD, REPLAYED or ALL");
        };
        EventFeedController.checkLimit(limit);
        var page = deadLetters.list(caller, wanted, after, limit);
        return Map.of("deadLetters", page.stream().map(DeadLettersController::view).toList(),
                "next", page.isEmpty() ? after : page.get(page.size() - 1).id());
    }

    @PostMapping("/{id}/replay")
    Map<String, Object> replay(Caller caller, @PathVariable long id) {
        return view(deadLetters.replay(caller, id));
    }

    static Map<String, Object> view(DeadLetter d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", d.id());
        body.put("subscriptionId", d.subscriptionId());
        body.put("eventId", d.eventId());
        body.put("type", d.type());
        body.put("sequence", d.sequence());
        body.put("status", d.status().name());
        body.put("attempts", d.attempts());
        body.put("lastStatus", d.lastStatus());
        body.put("lastError", d.lastError());
        body.put("deadAt", d.deadAt().toString());
        body.put("lastAttemptAt", d.lastAttemptAt().toString());
        body.put("replayedAt", d.replayedAt() == null ? null : d.replayedAt().toString());
        return body;
    }
}
