package io.selvedge.shopify.webhooks;

/** Spreads an amount in minor units over parts in proportion to their weights, to the unit (largest remainder). */
final class Allocation {

    private Allocation() {
    }

    /**
     * {@code total} split by {@code weights} (none negative): the shares sum to {@code total} exactly; a remainder unit
     * goes to the parts with the largest fractional share, the earlier part on a tie. All-zero weights split evenly.
     */
    static long[] spread(long total, long[] weights) {
        int n = weights.length;
        long[] shares = new long[n];
        if (n == 0 || total == 0) {
            return shares;
        }
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (long w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("weights must not be negative");
            }
            sum = sum.add(java.math.BigInteger.valueOf(w));
        }
        long[] effective = weights;
        if (sum.signum() == 0) {
            effective = new long[n];
            java.util.Arrays.fill(effective, 1);
            sum = java.math.BigInteger.valueOf(n);
        }
        java.math.BigInteger t = java.math.BigInteger.valueOf(total);
        java.math.BigInteger[] remainders = new java.math.BigInteger[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            java.math.BigInteger[] qr = t.multiply(java.math.BigInteger.valueOf(effective[i])).divideAndRemainder(sum);
            shares[i] = qr[0].longValueExact();
            remainders[i] = qr[1].abs();
            given += shares[i];
        }
        long left = total - given;
        long step = Long.signum(left);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = remainders[b].compareTo(remainders[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int k = 0; left != 0; k = (k + 1) % n) {
            shares[order[k]] += step;
            left -= step;
        }
        return shares;
    }
}
