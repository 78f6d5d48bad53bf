package io.selvedge.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CustomerIdsTest {

    private final SecureRandom random = new SecureRandom();

    @Property
    void aLaterSecondSortsAfterAnEarlierOne(@ForAll @LongRange(min = 0, max = 32_503_680_000L) long second,
                                            @ForAll @LongRange(min = 1, max = 1_000_000_000L) long later) {
        String first = CustomerIds.next(Instant.ofEpochSecond(second), random);
        String next = CustomerIds.next(Instant.ofEpochSecond(second + later), random);
        assertThat(next).isGreaterThan(first);
        assertThat(first).matches("C-[0-9A-HJKMNP-TV-Z]{16}");
    }

    @Test
    void idsMadeInTheSameSecondAreDistinct() {
        Instant now = Instant.parse("2026-11-27T09:00:00Z");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(CustomerIds.next(now, random));
        }
        assertThat(ids).hasSize(100_000);
        assertThat(ids).allMatch(id -> id.startsWith(CustomerIds.next(now, random).substring(0, 10)));
    }
}
