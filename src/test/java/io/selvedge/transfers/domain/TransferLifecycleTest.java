package io.selvedge.transfers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferLifecycleTest {

    private static final Instant T = Instant.parse("2026-11-02T09:00:00Z");
    private static final TransferHeader HEADER = new TransferHeader("TR-1", "S1", "S2", "erp", T);

    @Test
    void aTransferIsShippedThenReceivedWithItsDiscrepancy() {
        Map<String, Long> planned = new LinkedHashMap<>(Map.of("A", 5L));
        planned.put("B", 2L);
        CreatedTransfer created = CreatedTransfer.of(HEADER, planned);
        ShippedTransfer shipped = created.ship(Map.of("A", 5L), Set.of("A"), T.plusSeconds(60), "pos");

        assertThat(shipped.lines()).containsExactly(new TransferLine("A", 5, 5L, null, true), new TransferLine("B", 2, 0L, null, false));
        assertThat(shipped.shipped()).as("only what left").containsExactly(Map.entry("A", 5L));

        Map<String, Long> arrived = new LinkedHashMap<>(Map.of("A", 3L));
        arrived.put("C", 1L);
        ReceivedTransfer received = shipped.receive(arrived, T.plusSeconds(120), "pos");
        assertThat(received.lines()).extracting(TransferLine::sku, TransferLine::discrepancy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A", -2L), org.assertj.core.groups.Tuple.tuple("B", 0L),
                        org.assertj.core.groups.Tuple.tuple("C", 1L));
        assertThat(received.shortUnits()).isEqualTo(2);
        assertThat(received.overUnits()).isEqualTo(1);
        assertThat(received.status()).isEqualTo(Transfer.Status.RECEIVED);
    }

    @Test
    void refusesImpossibleTransfers() {
        assertThatThrownBy(() -> new TransferHeader("TR-1", "S1", "S1", "erp", T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CreatedTransfer.of(HEADER, Map.of())).isInstanceOf(IllegalArgumentException.class);
        CreatedTransfer created = CreatedTransfer.of(HEADER, Map.of("A", 1L));
        assertThatThrownBy(() -> created.ship(Map.of(), Set.of(), T, "pos")).isInstanceOf(IllegalArgumentException.class);
        ShippedTransfer shipped = created.ship(Map.of("A", 1L), Set.of(), T, "pos");
        assertThatThrownBy(() -> shipped.receive(Map.of("A", 1L), T.minusSeconds(1), "pos"))
                .as("received before it was shipped").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shipped.receive(Map.of("A", -1L), T, "pos")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransferLine("A", 1, null, 1L, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
