package io.selvedge.customers.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one submission's keys say. Each key (email, phone, source id) that is already known points to one
 * customer (the survivor of its merge group). The first key in precedence that is known names how it matched;
 * when the keys point to different customers, the submission shows they are one person and they merge into
 * the oldest of them (ties: the smaller id), so the outcome does not depend on which key matched.
 */
public record Resolution(MatchedBy matchedBy, Known survivor, List<Known> merged, List<MatchedBy> evidence) {

    /** A customer a key points to: the survivor of its group and when that customer was created. */
    public record Known(String customerId, Instant createdAt) {

        public Known {
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    private static final Comparator<Known> OLDEST_FIRST = Comparator.comparing(Known::createdAt).thenComparing(Known::customerId);

    public Resolution {
        merged = List.copyOf(merged);
        evidence = List.copyOf(evidence);
    }

    public static Resolution of(Optional<Known> byEmail, Optional<Known> byPhone, Optional<Known> bySource) {
        List<Known> found = new ArrayList<>();
        List<MatchedBy> evidence = new ArrayList<>();
        MatchedBy matchedBy = MatchedBy.NEW;
        for (var entry : List.of(new Key(MatchedBy.EMAIL, byEmail), new Key(MatchedBy.PHONE, byPhone), new Key(MatchedBy.SOURCE, bySource))) {
            if (entry.known().isEmpty()) {
                continue;
            }
            if (matchedBy == MatchedBy.NEW) {
                matchedBy = entry.kind();
            }
            evidence.add(entry.kind());
            if (found.stream().noneMatch(k -> k.customerId().equals(entry.known().get().customerId()))) {
                found.add(entry.known().get());
            }
        }
        if (found.isEmpty()) {
            return new Resolution(MatchedBy.NEW, null, List.of(), List.of());
        }
        found.sort(OLDEST_FIRST);
        return new Resolution(matchedBy, found.get(0), found.subList(1, found.size()),
                found.size() > 1 ? evidence : List.of());
    }

    public boolean isNew() {
        return matchedBy == MatchedBy.NEW;
    }

    private record Key(MatchedBy kind, Optional<Known> known) {
    }
}
