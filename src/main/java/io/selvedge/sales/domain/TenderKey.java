package io.selvedge.sales.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * Who paid, as far as a refund needs to know: the tender type and whatever names the payment (brand, the
 * processor's reference, last four digits). A refund goes back to the payment it matches (DESIGN invariant 4).
 */
public record TenderKey(String type, String brand, String reference, String last4) {

    public TenderKey {
        Objects.requireNonNull(type, "type");
        brand = blankToNull(brand);
        reference = blankToNull(reference);
        last4 = blankToNull(last4);
    }

    /** A refund tender reaches this payment when the types agree and nothing both of them state differs. */
    public boolean takesRefund(TenderKey refund) {
        return type.equals(refund.type) && agree(brand == null ? null : brand.toUpperCase(Locale.ROOT),
                refund.brand == null ? null : refund.brand.toUpperCase(Locale.ROOT))
                && agree(reference, refund.reference) && agree(last4, refund.last4);
    }

    /** Whether the tender names one payment: a card refund must (by reference or last four). */
    public boolean namesPayment() {
        return reference != null || last4 != null;
    }

    /** Stored form: the four parts joined by '|', absent parts empty. */
    public String code() {
        return type + "|" + part(brand) + "|" + part(reference) + "|" + part(last4);
    }

    public static TenderKey parse(String code) {
        String[] parts = code.split("\\|", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a tender key: " + code);
        }
        return new TenderKey(parts[0], parts[1], parts[2], parts[3]);
    }

    private static boolean agree(String a, String b) {
        return a == null || b == null || a.equals(b);
    }

    private static String part(String s) {
        return s == null ? "" : s.replace("|", "/");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
