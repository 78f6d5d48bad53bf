package io.selvedge.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Shipments, receipts with their discrepancies, sample returns, and what explains drift; plain Java. */
class ShipmentsTest {

    @Test
    void aShipmentMovesOnHandIntoTheDestinationsInTransit() {
        assertThat(Shipments.ship("S1", "S2", Map.of("A", 3L)))
                .containsExactly(new Transfer(Account.onHand("S1"), Account.inTransit("S2"), "A", 3));
    }

    @Test
    void aReceiptSendsShortUnitsToShrinkInTransitAndTakesExtraUnitsFromFound() {
        Map<String, Long> shipped = new LinkedHashMap<>(Map.of("A", 5L));
        shipped.put("B", 2L);
        Map<String, Long> received = new LinkedHashMap<>(Map.of("A", 3L));
        received.put("B", 4L);
        received.put("C", 1L);

        assertThat(Shipments.receive("S2", shipped, received)).containsExactly(
                new Transfer(Account.inTransit("S2"), Account.onHand("S2"), "A", 3),
                new Transfer(Account.inTransit("S2"), Account.SHRINK_IN_TRANSIT, "A", 2),
                new Transfer(Account.inTransit("S2"), Account.onHand("S2"), "B", 2),
                new Transfer(Account.FOUND, Account.onHand("S2"), "B", 2),
                new Transfer(Account.FOUND, Account.onHand("S2"), "C", 1));
        assertThat(Shipments.receive("S2", Map.of("A", 2L), Map.of()))
                .as("nothing arrived").containsExactly(new Transfer(Account.inTransit("S2"), Account.SHRINK_IN_TRANSIT, "A", 2));
    }

    /** DESIGN invariant 1: after a shipment and its receipt, in-transit is empty and the units are each in one account. */
    @Property
    void shipThenReceiveEmptiesInTransitAndConservesUnits(@ForAll @LongRange(min = 1, max = 50) long shipped,
                                                          @ForAll @LongRange(min = 0, max = 60) long received) {
        List<Transfer> all = new java.util.ArrayList<>(Shipments.ship("S1", "S2", Map.of("A", shipped)));
        all.addAll(Shipments.receive("S2", Map.of("A", shipped), Map.of("A", received)));
        Map<Account, Long> balances = new HashMap<>();
        for (Transfer t : all) {
            balances.merge(t.from(), -t.quantity(), Long::sum);
            balances.merge(t.to(), t.quantity(), Long::sum);
        }
        assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).isZero();
        assertThat(balances.getOrDefault(Account.inTransit("S2"), 0L)).isZero();
        assertThat(balances.get(Account.onHand("S2")) == null ? 0 : balances.get(Account.onHand("S2"))).isEqualTo(received);
        assertThat(balances.get(Account.onHand("S1"))).isEqualTo(-shipped);
        assertThat(balances.getOrDefault(Account.SHRINK_IN_TRANSIT, 0L)).isEqualTo(Math.max(0, shipped - received));
        assertThat(balances.getOrDefault(Account.FOUND, 0L)).isEqualTo(-Math.max(0, received - shipped));
    }

    @Test
    void samplesComeBackIntoOnHand() {
        assertThat(Shipments.sampleReturn("S1", List.of(new Movements.Line("A", 2))))
                .containsExactly(new Transfer(Account.SAMPLES, Account.onHand("S1"), "A", 2));
        assertThat(Account.parse(Account.SHRINK_IN_TRANSIT.code())).isEqualTo(Account.SHRINK_IN_TRANSIT);
    }

    @Test
    void driftIsExplainedByTheOldestLaterMovementsThatAddUpToIt() {
        assertThat(Drifts.explainingPrefix(-2, List.of(-2L, 5L))).isEqualTo(1);
        assertThat(Drifts.explainingPrefix(3, List.of(-2L, 5L))).isEqualTo(2);
        assertThat(Drifts.explainingPrefix(4, List.of(-2L, 5L))).as("no prefix adds up").isZero();
        assertThat(Drifts.explainingPrefix(0, List.of(0L))).as("no difference, nothing to explain").isZero();
        assertThat(Drifts.explainingPrefix(7, List.of())).isZero();
    }
}
