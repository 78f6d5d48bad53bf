package io.selvedge.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.customers.domain.Resolution.Known;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResolutionTest {

    private static final Known OLD = new Known("C-OLD", Instant.parse("2026-01-01T00:00:00Z"));
    private static final Known MID = new Known("C-MID", Instant.parse("2026-02-01T00:00:00Z"));
    private static final Known YOUNG = new Known("C-YOUNG", Instant.parse("2026-03-01T00:00:00Z"));

    @Test
    void nothingKnownIsNew() {
        Resolution r = Resolution.of(Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(r.isNew()).isTrue();
        assertThat(r.survivor()).isNull();
        assertThat(r.merged()).isEmpty();
    }

    @Test
    void emailTakesPrecedenceOverPhoneAndPhoneOverSourceId() {
        assertThat(Resolution.of(Optional.of(OLD), Optional.of(OLD), Optional.of(OLD)).matchedBy()).isEqualTo(MatchedBy.EMAIL);
        assertThat(Resolution.of(Optional.empty(), Optional.of(OLD), Optional.of(OLD)).matchedBy()).isEqualTo(MatchedBy.PHONE);
        assertThat(Resolution.of(Optional.empty(), Optional.empty(), Optional.of(OLD)).matchedBy()).isEqualTo(MatchedBy.SOURCE);
    }

    @Test
    void keysPointingToDifferentCustomersMergeThemIntoTheOldest() {
        Resolution r = Resolution.of(Optional.of(YOUNG), Optional.of(OLD), Optional.of(MID));
        assertThat(r.matchedBy()).isEqualTo(MatchedBy.EMAIL);
        assertThat(r.survivor()).isEqualTo(OLD);
        assertThat(r.merged()).containsExactly(MID, YOUNG);
        assertThat(r.evidence()).containsExactly(MatchedBy.EMAIL, MatchedBy.PHONE, MatchedBy.SOURCE);
    }

    @Test
    void oneCustomerFoundByEveryKeyMergesNothing() {
        Resolution r = Resolution.of(Optional.of(MID), Optional.of(MID), Optional.empty());
        assertThat(r.survivor()).isEqualTo(MID);
        assertThat(r.merged()).isEmpty();
        assertThat(r.evidence()).isEmpty();
    }

    @Test
    void sameInstantTiesGoToTheSmallerId() {
        Known a = new Known("C-A", OLD.createdAt());
        Known b = new Known("C-B", OLD.createdAt());
        assertThat(Resolution.of(Optional.of(b), Optional.of(a), Optional.empty()).survivor()).isEqualTo(a);
        assertThat(Resolution.of(Optional.of(a), Optional.of(b), Optional.empty()).merged()).isEqualTo(List.of(b));
    }
}
