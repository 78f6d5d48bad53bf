package io.selvedge.app.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An open-loop load generator: request i is due at start + i / rate, whatever happened to earlier ones,
 * and its latency is counted from that scheduled moment, so a stall in the server shows up in the
 * percentiles instead of quietly lowering the offered rate (coordinated omission).
 */
final class LoadGenerator {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    record Result(int offered, double offeredRate, int accepted, int errors, double seconds, long[] latenciesMicros) {

        double acceptedRate() {
            return accepted / seconds;
        }

        long percentile(double p) {
            return LoadGenerator.percentile(latenciesMicros, p);
        }
    }

    /** The nearest-rank percentile {@code p} (0 to 100) of ascending {@code sorted} values; 0 when there are none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    /** {@link #percentile(long[], double)} of nanoseconds in any order, in milliseconds; NaN when there are none. */
    static double percentileMillis(java.util.Collection<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        return percentile(nanos.stream().mapToLong(Long::longValue).sorted().toArray(), p) / 1e6;
    }

    /** What a scenario wants to know of each answer: its body and when the request was due and answered. */
    interface Answered {
        void answered(HttpResponse<String> response, long dueNanos, long answeredNanos);
    }

    /** Sends {@code count} requests at {@code rate} per second; {@code request.apply(i)} builds request i. */
    Result openLoop(int count, double rate, IntFunction<HttpRequest> request) throws InterruptedException {
        return openLoop(count, rate, request, null);
    }

    /** As above, telling {@code answered} of each successful answer (with its body). */
    Result openLoop(int count, double rate, IntFunction<HttpRequest> request, Answered answered) throws InterruptedException {
        long[] latencies = new long[count];
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1_000_000_000L / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            CompletableFuture<HttpResponse<String>> sent = http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString());
            sent.whenComplete((response, failure) -> {
                long now = System.nanoTime();
                latencies[n] = (now - due) / 1000;
                if (failure == null && response.statusCode() < 300) {
                    accepted.incrementAndGet();
                    if (answered != null) {
                        answered.answered(response, due, now);
                    }
                } else {
                    errors.incrementAndGet();
                }
                done.countDown();
            });
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still outstanding after 120 s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(count, rate, accepted.get(), errors.get(), seconds, sorted);
    }

    /** Closed loop: {@code clients} callers each send the next request as soon as the last is answered. */
    Result closedLoop(int count, int clients, IntFunction<HttpRequest> request) throws InterruptedException {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Thread[] threads = new Thread[clients];
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            threads[c] = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request.apply(i), HttpResponse.BodyHandlers.discarding());
                        (response.statusCode() < 300 ? accepted : errors).incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = (System.nanoTime() - sent) / 1000;
                }
            });
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(count, count / seconds, accepted.get(), errors.get(), seconds, sorted);
    }

    /**
     * A POS sale body as the benches send it: business day 2026-11-28, one tender. Mutable, so a bench may add to
     * it (a customer, say).
     */
    static Map<String, Object> posSale(String transactionId, String store, String register, List<Map<String, Object>> lines,
                                       Map<String, Object> tender) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", transactionId);
        body.put("store", store);
        body.put("register", register);
        body.put("businessDay", "2026-11-28");
        body.put("occurredAt", "2026-11-28T20:00:00Z");
        body.put("type", "SALE");
        body.put("currency", "USD");
        body.put("lines", lines);
        body.put("tenders", List.of(tender));
        return body;
    }

    static HttpRequest post(String url, String key, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
