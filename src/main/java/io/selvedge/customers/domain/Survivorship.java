package io.selvedge.customers.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which value of a field a merged customer shows, when its records disagree. A field the contract gives to one
 * system takes that system's value first; among the rest the rule decides: {@code most-recent} (the default:
 * the value last submitted) or {@code survivor} (the surviving record's value while it has one).
 */
public final class Survivorship {

    public enum Rule {
        MOST_RECENT, SURVIVOR;

        /** Reads the contract policy {@code customers.survivorship}. */
        public static Rule fromPolicy(String policy) {
            return switch (policy == null ? "" : policy.trim().toLowerCase(Locale.ROOT)) {
                case "", "most-recent", "mostrecent" -> MOST_RECENT;
                case "survivor" -> SURVIVOR;
                default -> throw new IllegalArgumentException("customers.survivorship must be most-recent or survivor, not '" + policy + "'");
            };
        }
    }

    /** One record's value of a field, with who submitted it and when. */
    public record Candidate(String customerId, String value, String source, String system, Instant updatedAt) {

        public Candidate {
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }

    /** The value chosen and why: {@code OWNER}, {@code SURVIVOR}, {@code MOST_RECENT} or {@code ONLY}. */
    public record Choice(Candidate chosen, String reason) {
    }

    private final Rule rule;

    public Survivorship(Rule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public Rule rule() {
        return rule;
    }

    /**
     * Chooses among {@code candidates} for one field. {@code owner} is the system the contract gives the field to,
     * or null when the hub owns it (then any system's value counts).
     */
    public Optional<Choice> choose(String owner, String survivorId, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (candidates.size() == 1) {
            return Optional.of(new Choice(candidates.get(0), "ONLY"));
        }
        List<Candidate> pool = candidates;
        boolean byOwner = false;
        if (owner != null) {
            List<Candidate> owned = candidates.stream().filter(c -> owner.equals(c.system())).toList();
            if (!owned.isEmpty()) {
                pool = owned;
                byOwner = true;
            }
        }
        if (rule == Rule.SURVIVOR) {
            Optional<Candidate> survivors = pool.stream().filter(c -> c.customerId().equals(survivorId)).findFirst();
            if (survivors.isPresent()) {
                return Optional.of(new Choice(survivors.get(), byOwner ? "OWNER" : "SURVIVOR"));
            }
        }
        Comparator<Candidate> mostRecentFirst = Comparator.comparing(Candidate::updatedAt).reversed()
                .thenComparing(c -> !c.customerId().equals(survivorId))
                .thenComparing(Candidate::customerId);
        Candidate chosen = pool.stream().sorted(mostRecentFirst).findFirst().orElseThrow();
        return Optional.of(new Choice(chosen, byOwner ? "OWNER" : "MOST_RECENT"));
    }
}
