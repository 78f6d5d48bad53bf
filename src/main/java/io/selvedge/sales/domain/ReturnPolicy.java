package io.selvedge.sales.domain;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The contract's return rules, read once from its {@code policies}:
 * <ul>
 *   <li>{@code returns.blind} ({@code refused} | {@code allowed}): may a return name no order we know
 *       (no {@code returnOf}, or a manager's RETURN_WITHOUT_RECEIPT override)? Then it is recorded as unreferenced;</li>
 *   <li>{@code returns.unknownOriginal} ({@code park} | {@code refuse}): a {@code returnOf} naming an order not received
 *       yet is parked until it arrives (out-of-order delivery), or refused (422);</li>
 *   <li>{@code returns.parkWindow} (e.g. {@code 24h}): after this a parked return is overdue on monitoring;</li>
 *   <li>{@code returns.refundTo} (e.g. {@code STORE_CREDIT, GIFT_CARD}): tenders a refund may use instead of the
 *       original payment; {@code returns.blindRefundTo} (default {@code STORE_CREDIT}): tenders an unreferenced
 *       return may be refunded to.</li>
 * </ul>
 */
public record ReturnPolicy(boolean blindAllowed, boolean parkUnknownOriginals, Duration parkWindow, Set<String> refundTo,
                           Set<String> blindRefundTo) {

    private static final Set<String> TENDERS = Set.of("CASH", "CARD", "GIFT_CARD", "STORE_CREDIT");

    public ReturnPolicy {
        refundTo = Set.copyOf(refundTo);
        blindRefundTo = Set.copyOf(blindRefundTo);
        if (parkWindow.isNegative() || parkWindow.isZero()) {
            throw new IllegalArgumentException("returns.parkWindow must be positive");
        }
    }

    /** Reads the policies through {@code policy(name, fallback)}; a value it cannot read fails start-up. */
    public static ReturnPolicy of(BiFunction<String, String, String> policy) {
        String blind = policy.apply("returns.blind", "refused").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("refused", "allowed").contains(blind)) {
            throw new IllegalArgumentException("returns.blind must be 'refused' or 'allowed', not '" + blind + "'");
        }
        String unknown = policy.apply("returns.unknownOriginal", "park").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("park", "refuse").contains(unknown)) {
            throw new IllegalArgumentException("returns.unknownOriginal must be 'park' or 'refuse', not '" + unknown + "'");
        }
        return new ReturnPolicy(blind.equals("allowed"), unknown.equals("park"), duration(policy.apply("returns.parkWindow", "24h")),
                tenders("returns.refundTo", policy.apply("returns.refundTo", "")),
                tenders("returns.blindRefundTo", policy.apply("returns.blindRefundTo", "STORE_CREDIT")));
    }

    /** The demo contract's defaults: no blind returns, unknown originals parked for a day, refunds to the original tender only. */
    public static ReturnPolicy defaults() {
        return of((name, fallback) -> fallback);
    }

    private static Set<String> tenders(String name, String list) {
        Set<String> types = Arrays.stream(list.split("[,\\s\\[\\]]+")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        for (String type : types) {
            if (!TENDERS.contains(type)) {
                throw new IllegalArgumentException(name + " lists '" + type + "', not one of " + TENDERS);
            }
        }
        return types;
    }

    static Duration duration(String text) {
        try {
            return io.selvedge.contract.Contract.duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("returns.parkWindow must be a duration such as 30m, 24h or PT24H, not '" + text + "'");
        }
    }
}
