package io.selvedge.customers.domain;

import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * New customer ids: "C-" and 16 characters of Crockford's base 32, 8 of the second the record was made, then 8 random
 * (40 bits). Time first, so a new record lands at the end of every index keyed by customer id instead of on a random
 * page of each: with a million customers that is a page read, a write and a full-page image in the WAL saved per
 * index per new customer. The random part keeps ids unguessable and distinct among those made in one second.
 */
public final class CustomerIds {

    /** In ascending character order, so ids sort by the time they were made. */
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private CustomerIds() {
    }

    public static String next(Instant now, RandomGenerator random) {
        char[] id = new char[18];
        id[0] = 'C';
        id[1] = '-';
        long seconds = now.getEpochSecond();
        for (int i = 9; i >= 2; i--, seconds >>>= 5) {
            id[i] = ALPHABET[(int) (seconds & 31)];
        }
        long bits = random.nextLong();
        for (int i = 17; i >= 10; i--, bits >>>= 5) {
            id[i] = ALPHABET[(int) (bits & 31)];
        }
        return new String(id);
    }
}
