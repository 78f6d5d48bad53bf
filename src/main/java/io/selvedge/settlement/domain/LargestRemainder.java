package io.selvedge.settlement.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place money is split in proportion (STYLE: rounding is explicit). The largest remainder (Hamilton)
 * method: each share is first rounded down, then the cents still missing go one each to the shares with the
 * largest remainders, ties to the earlier share. The shares always add up to the amount exactly, no float is
 * ever involved, and every share is within one cent of its exact value.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    /**
     * Splits {@code amount} in proportion to {@code weights}, which may have any signs but must not sum to zero.
     */
    public static long[] split(long amount, long[] weights) {
        BigInteger total = BigInteger.ZERO;
        for (long weight : weights) {
            total = total.add(BigInteger.valueOf(weight));
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException("weights sum to zero: no proportion to split by");
        }
        // exact quota_i = amount × weight_i / total, with the denominator made positive
        BigInteger denominator = total.abs();
        BigInteger scale = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(total.signum()));
        long[] shares = new long[weights.length];
        BigInteger[] remainders = new BigInteger[weights.length];
        long assigned = 0;
        for (int i = 0; i < weights.length; i++) {
            BigInteger numerator = scale.multiply(BigInteger.valueOf(weights[i]));
            BigInteger[] qr = numerator.divideAndRemainder(denominator);
            BigInteger floor = qr[0];
            BigInteger remainder = qr[1];
            if (remainder.signum() < 0) { // divideAndRemainder truncates towards zero; we want the floor
                floor = floor.subtract(BigInteger.ONE);
                remainder = remainder.add(denominator);
            }
            shares[i] = floor.longValueExact();
            remainders[i] = remainder;
            assigned = Math.addExact(assigned, shares[i]);
        }
        long missing = Math.subtractExact(amount, assigned); // 0 <= missing < weights.length
        List<Integer> order = new ArrayList<>(weights.length);
        for (int i = 0; i < weights.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> {
            int byRemainder = remainders[b].compareTo(remainders[a]);
            return byRemainder != 0 ? byRemainder : Integer.compare(a, b);
        });
        for (int i = 0; i < missing; i++) {
            shares[order.get(i)]++;
        }
        return shares;
    }

    /**
     * Spreads the parts of one transaction over its tenders: {@code result[k][j]} is tender k's share of part j.
     * Row k adds up to {@code tenders[k]} and column j to {@code parts[j]} exactly, provided the tenders and the
     * parts have the same sum. Tenders are served in order, each taking its proportion of what is still
     * unallocated; the last takes the rest. If what remains sums to zero while tenders remain (tender swapped on
     * a zero-total sale), the leftover parts go to the next tender and the remaining tender amounts to the last
     * column, which the caller reserves for clearing (its part must be zero).
     */
    public static long[][] spread(long[] tenders, long[] parts) {
        long partsTotal = 0;
        for (long part : parts) {
            partsTotal = Math.addExact(partsTotal, part);
        }
        long tendersTotal = 0;
        for (long tender : tenders) {
            tendersTotal = Math.addExact(tendersTotal, tender);
        }
        if (partsTotal != tendersTotal) {
            throw new IllegalArgumentException("tenders (" + tendersTotal + ") and parts (" + partsTotal + ") differ");
        }
        int clearing = parts.length - 1;
        long[][] result = new long[tenders.length][parts.length];
        long[] remaining = parts.clone();
        long remainingTotal = partsTotal;
        for (int k = 0; k < tenders.length; k++) {
            if (k == tenders.length - 1) {
                result[k] = remaining.clone();
                break;
            }
            if (remainingTotal == 0) {
                result[k] = remaining.clone();
                for (int m = k; m < tenders.length; m++) {
                    result[m][clearing] = Math.addExact(result[m][clearing], tenders[m]);
                }
                break;
            }
            long[] shares = split(tenders[k], remaining);
            for (int j = 0; j < parts.length; j++) {
                result[k][j] = shares[j];
                remaining[j] = Math.subtractExact(remaining[j], shares[j]);
            }
            remainingTotal = Math.subtractExact(remainingTotal, tenders[k]);
        }
        return result;
    }
}
