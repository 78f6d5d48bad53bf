package io.selvedge.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainTest {

    private static final Instant T = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void accountsRoundTripThroughTheirCodes() {
        for (Account account : List.of(Account.onHand("WH1"), Account.inTransit("STORE-MEL"), Account.SUPPLIER, Account.SHRINK)) {
            assertThat(Account.parse(account.code())).isEqualTo(account);
        }
        assertThat(Account.onHand("WH1").code()).isEqualTo("on_hand@WH1");
        assertThatThrownBy(() -> new Account(Account.Kind.ON_HAND, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Account(Account.Kind.CUSTOMER, "WH1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTransferMovesAPositiveQuantityBetweenTwoAccounts() {
        assertThatThrownBy(() -> new Transfer(Account.SUPPLIER, Account.SUPPLIER, "A", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Transfer(Account.SUPPLIER, Account.onHand("WH1"), "A", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Entry(Entry.Phase.POST, new Transfer(Account.SUPPLIER, Account.CUSTOMER, "A", 1), null))
                .as("a post names the pending entry it resolves").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCountPostsOnlyTheDifference() {
        List<Transfer> less = Movements.count("S1", List.of(new Movements.Line("A", 7)), Map.of("A", 10L));
        assertThat(less).containsExactly(new Transfer(Account.onHand("S1"), Account.SHRINK, "A", 3));
        List<Transfer> more = Movements.count("S1", List.of(new Movements.Line("A", 7)), Map.of("A", -2L));
        assertThat(more).containsExactly(new Transfer(Account.FOUND, Account.onHand("S1"), "A", 9));
        assertThat(Movements.count("S1", List.of(new Movements.Line("A", 4)), Map.of("A", 4L))).isEmpty();
    }

    @Test
    void aReversalUndoesOnlyWhatWasPostedForGood() {
        Transfer sold = new Transfer(Account.onHand("S1"), Account.CUSTOMER, "A", 2);
        Transfer held = new Transfer(Account.onHand("S1"), Account.CUSTOMER, "B", 1);
        assertThat(Movements.reversal(List.of(Entry.posted(sold), Entry.pending(held)))).containsExactly(sold.reversed());
    }

    @Test
    void availabilityIsNeverBroadcastBelowZero() {
        assertThat(new Figures(-3, 0, 0).available()).isZero();
        assertThat(new Figures(5, 2, 9).available()).isEqualTo(3);
        assertThat(new Figures(5, 2, 0).available(4)).isZero();
    }

    @Test
    void aPendingHoldPostsOrVoidsTheTransfersItPlaced() {
        HeldLine line = new HeldLine("A", "WH1", 4, 17);
        PendingHold hold = new PendingHold(new HoldId(HoldId.Kind.ALLOCATION, "PB-1"), null, "Nordstrom", List.of(line), T, null);
        Transfer transfer = new Transfer(Account.onHand("WH1"), Account.WHOLESALE, "A", 4);

        assertThat(hold.postingEntries()).containsExactly(new Entry(Entry.Phase.POST, transfer, 17L));
        assertThat(hold.voidingEntries()).containsExactly(new Entry(Entry.Phase.VOID, transfer, 17L));
        assertThat(hold.expiredAt(T.plusSeconds(1_000_000))).as("an allocation does not expire").isFalse();
        assertThat(hold.covers(Map.of("A", 4L))).isTrue();
        assertThat(hold.covers(Map.of("A", 3L))).isFalse();
        assertThat(hold.post("M", T)).isInstanceOf(PostedHold.class);
        assertThat(hold.voidFor(Hold.VoidReason.RELEASED, "M", T).reason()).isEqualTo(Hold.VoidReason.RELEASED);
    }

    @Test
    void aReservationExpiresAtItsTtl() {
        PendingHold hold = new PendingHold(new HoldId(HoldId.Kind.RESERVATION, "C"), "web", null,
                List.of(new HeldLine("A", "WH1", 1, 1)), T, T.plusSeconds(60));
        assertThat(hold.expiredAt(T.plusSeconds(59))).isFalse();
        assertThat(hold.expiredAt(T.plusSeconds(60))).isTrue();
    }
}
