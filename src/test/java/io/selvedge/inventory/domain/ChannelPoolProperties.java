package io.selvedge.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Holds are all or nothing, never take more than a location has available, and honour the channel's buffer. */
class ChannelPoolProperties {

    private static final List<String> LOCATIONS = List.of("L1", "L2", "L3");

    @Provide
    Arbitrary<Map<String, Map<String, Figures>>> figures() {
        Arbitrary<Figures> figures = Arbitraries.longs().between(-5, 20).flatMap(onHand ->
                Arbitraries.longs().between(0, 10).map(held -> new Figures(onHand, held, 0)));
        Arbitrary<Map<String, Figures>> byLocation = Arbitraries.maps(Arbitraries.of(LOCATIONS), figures).ofMaxSize(3);
        return Arbitraries.maps(Arbitraries.of("A", "B", "C"), byLocation).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Map<String, Long>> requests() {
        return Arbitraries.maps(Arbitraries.of("A", "B", "C"), Arbitraries.longs().between(1, 30)).ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 500)
    void takesExactlyWhatIsAskedOrRefusesNamingEachShortSku(@ForAll("requests") Map<String, Long> requested,
                                                           @ForAll("figures") Map<String, Map<String, Figures>> figures,
                                                           @ForAll @LongRange(min = 0, max = 5) long buffer,
                                                           @ForAll @IntRange(min = 1, max = 3) int locations) {
        ChannelPool pool = new ChannelPool("web", LOCATIONS.subList(0, locations), buffer);
        ChannelPool.Outcome outcome = pool.take(requested, figures);

        Map<String, Long> poolAvailable = new HashMap<>();
        requested.keySet().forEach(sku -> poolAvailable.put(sku, pool.available(figures.getOrDefault(sku, Map.of()))));
        List<String> shortSkus = requested.keySet().stream().filter(sku -> requested.get(sku) > poolAvailable.get(sku)).toList();

        if (outcome instanceof ChannelPool.Refused refused) {
            assertThat(refused.shorts()).extracting(ChannelPool.Short::sku).containsExactlyInAnyOrderElementsOf(shortSkus);
            refused.shorts().forEach(s -> assertThat(s.available()).isEqualTo(poolAvailable.get(s.sku())));
            assertThat(shortSkus).isNotEmpty();
        } else {
            assertThat(shortSkus).isEmpty();
            List<ChannelPool.Pick> picks = ((ChannelPool.Picked) outcome).picks();
            for (String sku : requested.keySet()) {
                assertThat(picks.stream().filter(p -> p.sku().equals(sku)).mapToLong(ChannelPool.Pick::quantity).sum())
                        .isEqualTo(requested.get(sku));
            }
            for (ChannelPool.Pick pick : picks) {
                assertThat(pool.locations()).contains(pick.location());
                assertThat(pick.quantity()).isPositive()
                        .isLessThanOrEqualTo(figures.get(pick.sku()).getOrDefault(pick.location(), Figures.NONE).available());
            }
        }
    }

    @Property
    void aChannelNeverOffersBelowZeroNorMoreThanItsLocationsLessTheBuffer(@ForAll("figures") Map<String, Map<String, Figures>> figures,
                                                                         @ForAll @LongRange(min = 0, max = 5) long buffer) {
        ChannelPool pool = new ChannelPool("web", LOCATIONS, buffer);
        for (Map<String, Figures> byLocation : figures.values()) {
            long sum = byLocation.values().stream().mapToLong(Figures::available).sum();
            assertThat(pool.available(byLocation)).isEqualTo(Math.max(0, sum - buffer));
        }
    }
}
