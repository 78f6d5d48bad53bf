package io.selvedge.customers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Customer bodies and contact details no other test in the run uses. */
final class CustomerFixtures {

    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(0, 4_000_000));

    private CustomerFixtures() {
    }

    /** A body for POST /api/v1/customers: {@code fields} alternate name, value; null values are left out. */
    static Map<String, Object> customer(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i + 1] != null) {
                body.put((String) fields[i], fields[i + 1]);
            }
        }
        return body;
    }

    static String anyEmail() {
        return "cust" + NEXT.incrementAndGet() + "." + System.nanoTime() % 100000 + "@example.com";
    }

    /** Ten digits of a possible US number, national form without punctuation, e.g. 3102345678. */
    static String anyUsNumber() {
        long n = NEXT.incrementAndGet() % 8_000_000;
        return "310" + (200 + n / 10_000) + String.format("%04d", n % 10_000);
    }

    static String nationalFormat(String tenDigits) {
        return "(" + tenDigits.substring(0, 3) + ") " + tenDigits.substring(3, 6) + "-" + tenDigits.substring(6);
    }

    static String e164(String tenDigits) {
        return "+1" + tenDigits;
    }
}
