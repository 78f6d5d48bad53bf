package io.selvedge.monitoring;

import com.sun.net.httpserver.HttpServer;
import io.selvedge.testing.Api;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 that is up or down as the test says: it answers with the status it is told
 * (503: down behind its load balancer), or, told to {@link #dropConnections()}, closes each connection without an
 * answer (a crashed process). It keeps the sequences it acknowledged, in arrival order.
 */
final class Subscriber implements AutoCloseable {

    private static final int DROP = -1;

    private final HttpServer server;
    private final AtomicInteger status;
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<Long> accepted = new CopyOnWriteArrayList<>();

    private Subscriber(HttpServer server, AtomicInteger status) {
        this.server = server;
        this.status = status;
    }

    static Subscriber start(int initialStatus) throws IOException {
        AtomicInteger status = new AtomicInteger(initialStatus);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Subscriber subscriber = new Subscriber(server, status);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            subscriber.attempts.incrementAndGet();
            int answer = status.get();
            if (answer == DROP) {
                exchange.close(); // no response headers sent: the JDK server closes the connection
                return;
            }
            if (answer < 300) {
                subscriber.accepted.add(Api.JSON.readTree(body).get("sequence").asLong());
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
        return subscriber;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void respondWith(int code) {
        status.set(code);
    }

    void dropConnections() {
        status.set(DROP);
    }

    /** Deliveries acknowledged so far. */
    int accepted() {
        return accepted.size();
    }

    List<Long> acceptedSequences() {
        return List.copyOf(accepted);
    }

    /** Every request that reached it, answered or not. */
    int attempts() {
        return attempts.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
