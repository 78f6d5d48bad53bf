package io.selvedge.settlement;

import io.selvedge.shared.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Post an adjusting entry that does not come from the day's transactions: the card fees a processor charged on the
 * card payments of {@code store} on {@code businessDay}, for the card {@code brand} (null: a card without a brand).
 * {@code amount} is the fees charged (positive; negative when given back), in the store's currency.
 * {@code adjustmentId} is the sender's idempotency key: the same id again posts nothing and answers how the first
 * one stands.
 */
public record PostAdjustment(String adjustmentId, Kind kind, String store, LocalDate businessDay, String brand, Money amount, String memo,
                             String receivedFrom) {

    public enum Kind { CARD_FEES }

    public PostAdjustment {
        Objects.requireNonNull(adjustmentId, "adjustmentId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(businessDay, "businessDay");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(memo, "memo");
        Objects.requireNonNull(receivedFrom, "receivedFrom");
        if (adjustmentId.isBlank() || adjustmentId.length() > 100) {
            throw new IllegalArgumentException("an adjustment id has 1 to 100 characters");
        }
        if (amount.isZero()) {
            throw new IllegalArgumentException("an adjustment of nothing posts nothing");
        }
        memo = memo.length() > 400 ? memo.substring(0, 400) : memo;
    }
}
