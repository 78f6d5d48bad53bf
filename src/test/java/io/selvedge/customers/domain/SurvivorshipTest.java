package io.selvedge.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.selvedge.customers.domain.Survivorship.Candidate;
import io.selvedge.customers.domain.Survivorship.Rule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurvivorshipTest {

    private static final Instant EARLY = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant LATE = Instant.parse("2026-11-20T00:00:00Z");

    private final Candidate survivorsOld = new Candidate("C-S", "Lopez", "shopify", "web", EARLY);
    private final Candidate aliasNew = new Candidate("C-A", "López-Ruiz", "pos", "pos", LATE);

    @Test
    void mostRecentWinsByDefault() {
        var choice = new Survivorship(Rule.MOST_RECENT).choose(null, "C-S", List.of(survivorsOld, aliasNew)).orElseThrow();
        assertThat(choice.chosen()).isEqualTo(aliasNew);
        assertThat(choice.reason()).isEqualTo("MOST_RECENT");
    }

    @Test
    void theOwningSystemsValueWinsEvenWhenOlder() {
        var choice = new Survivorship(Rule.MOST_RECENT).choose("web", "C-S", List.of(survivorsOld, aliasNew)).orElseThrow();
        assertThat(choice.chosen()).isEqualTo(survivorsOld);
        assertThat(choice.reason()).isEqualTo("OWNER");
    }

    @Test
    void survivorRuleKeepsTheSurvivorsValue() {
        var choice = new Survivorship(Rule.SURVIVOR).choose(null, "C-S", List.of(aliasNew, survivorsOld)).orElseThrow();
        assertThat(choice.chosen()).isEqualTo(survivorsOld);
        assertThat(new Survivorship(Rule.SURVIVOR).choose(null, "C-X", List.of(aliasNew, survivorsOld)).orElseThrow().chosen())
                .as("no survivor value: most recent").isEqualTo(aliasNew);
    }

    @Test
    void aTieGoesToTheSurvivor() {
        Candidate other = new Candidate("C-A", "x", "pos", "pos", EARLY);
        assertThat(new Survivorship(Rule.MOST_RECENT).choose(null, "C-S", List.of(other, survivorsOld)).orElseThrow().chosen())
                .isEqualTo(survivorsOld);
    }

    @Test
    void nothingToChooseFromIsEmpty() {
        assertThat(new Survivorship(Rule.MOST_RECENT).choose(null, "C-S", List.of())).isEmpty();
    }

    @Test
    void readsThePolicy() {
        assertThat(Rule.fromPolicy("most-recent")).isEqualTo(Rule.MOST_RECENT);
        assertThat(Rule.fromPolicy(" Survivor ")).isEqualTo(Rule.SURVIVOR);
        assertThatThrownBy(() -> Rule.fromPolicy("oldest")).isInstanceOf(IllegalArgumentException.class);
    }
}
