package io.selvedge.settlement.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A tender type as finance books it: CASH, CARD by brand, GIFT_CARD, STORE_CREDIT; NO_TENDER holds zero-total
 * transactions paid with nothing (a fully discounted gift), whose revenue and discount still have to post.
 */
public record TenderKey(String type, String brand) implements Comparable<TenderKey> {

    public static final String CASH = "CASH";
    public static final String CARD = "CARD";
    public static final TenderKey NO_TENDER = new TenderKey("NO_TENDER", null);
    private static final List<String> ORDER = List.of(CASH, CARD, "GIFT_CARD", "STORE_CREDIT");
    private static final Comparator<TenderKey> BY_TYPE_THEN_BRAND = Comparator
            .comparingInt((TenderKey k) -> ORDER.contains(k.type) ? ORDER.indexOf(k.type) : ORDER.size())
            .thenComparing(TenderKey::type)
            .thenComparing(k -> k.brand == null ? "" : k.brand);

    public TenderKey {
        Objects.requireNonNull(type, "type");
        type = type.trim().toUpperCase(Locale.ROOT);
        // only a card has a brand; brands are grouped case-insensitively ("Visa" is VISA)
        brand = CARD.equals(type) && brand != null && !brand.isBlank() ? brand.trim().toUpperCase(Locale.ROOT) : null;
    }

    public static TenderKey of(String type, String brand) {
        return new TenderKey(type, brand);
    }

    /** The tender a {@link #code()} names: CARD-VISA is a VISA card. */
    public static TenderKey ofCode(String code) {
        return code.startsWith(CARD + "-") ? new TenderKey(CARD, code.substring(CARD.length() + 1)) : new TenderKey(code, null);
    }

    public boolean isCash() {
        return CASH.equals(type);
    }

    /** CASH, CARD-VISA, GIFT_CARD ...: the tender column of the journal and part of entry ids. */
    public String code() {
        return brand == null ? type : type + "-" + brand;
    }

    @Override
    public int compareTo(TenderKey other) {
        return BY_TYPE_THEN_BRAND.compare(this, other);
    }
}
