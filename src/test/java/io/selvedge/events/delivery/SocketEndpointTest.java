package io.selvedge.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.selvedge.events.domain.DeliveryOutcome;
import io.selvedge.events.domain.StoredEvent;
import io.selvedge.events.domain.Subscription;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kept-alive plain-HTTP sender against real local servers: what it sends, and what it survives. */
class SocketEndpointTest {

    private static final String SECRET = "0123456789abcdef-secret";
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static Delivery delivery(long sequence) {
        return Delivery.of(new StoredEvent(sequence, "00000000-0000-4000-8000-00000000000" + (sequence % 10), "order.created", "k", null,
                Instant.parse("2026-11-28T22:01:10Z"), Instant.parse("2026-11-28T22:01:10Z"), "{\"n\":" + sequence + "}"));
    }

    private SocketEndpoint endpoint(String url, Duration requestTimeout) {
        Subscription s = new Subscription("s1", url, Set.of("order.created"), Set.of(), SECRET, "pos", Instant.EPOCH);
        SocketEndpoint endpoint = new SocketEndpoint(s, Duration.ofSeconds(1), requestTimeout, Clock.systemUTC());
        open.add(endpoint);
        return endpoint;
    }

    /** An HttpServer that answers each request with the status {@code answer} gives, recording client ports and bodies. */
    private record Server(HttpServer http, Set<Integer> clientPorts, List<String> bodies, List<String> signatures) implements AutoCloseable {
        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook?via=test";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private Server server(IntSupplier answer, boolean chunked, Duration delay) throws IOException {
        return server(answer, chunked, () -> delay);
    }

    private Server server(IntSupplier answer, boolean chunked, java.util.function.Supplier<Duration> delay) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Server server = new Server(http, ConcurrentHashMap.newKeySet(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        http.createContext("/hook", exchange -> {
            server.clientPorts().add(exchange.getRemoteAddress().getPort());
            server.bodies().add(exchange.getRequestURI().getQuery() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            server.signatures().add(exchange.getRequestHeaders().getFirst("Selvedge-Signature"));
            try {
                Thread.sleep(delay.get().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"ok\":true, \"padding\":\"................................\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.getAsInt(), chunked ? 0 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        var threads = java.util.concurrent.Executors.newCachedThreadPool();
        http.setExecutor(threads);
        http.start();
        open.add(server);
        open.add(threads::shutdownNow);
        return server;
    }

    @Test
    void sendsManyDeliveriesOverOneConnectionWhateverTheAnswerBodyLooksLike() throws IOException {
        for (boolean chunked : List.of(false, true)) {
            Server server = server(() -> 200, chunked, Duration.ZERO);
            SocketEndpoint endpoint = endpoint(server.url(), Duration.ofSeconds(2));
            for (long i = 1; i <= 20; i++) {
                assertThat(endpoint.post(delivery(i))).isEqualTo(new DeliveryOutcome.Delivered(200));
            }
            assertThat(server.clientPorts()).as("kept alive, chunked=" + chunked).hasSize(1);
            assertThat(server.bodies()).hasSize(20).first().asString().startsWith("via=test {\"id\":");
            assertThat(server.signatures()).allMatch(s -> s.matches("t=\\d+,v1=[0-9a-f]{64}"));
        }
    }

    @Test
    void reportsANonSuccessStatusAndCarriesOn() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Server server = server(() -> calls.incrementAndGet() == 1 ? 503 : 204, false, Duration.ZERO);
        SocketEndpoint endpoint = endpoint(server.url(), Duration.ofSeconds(2));

        assertThat(endpoint.post(delivery(1))).isEqualTo(new DeliveryOutcome.Failed(503, "HTTP 503"));
        assertThat(endpoint.post(delivery(2))).isEqualTo(new DeliveryOutcome.Delivered(204));
    }

    @Test
    void timesOutASlowReceiverAndReconnectsForTheNext() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Server server = server(() -> 200, false, () -> calls.incrementAndGet() == 1 ? Duration.ofMillis(400) : Duration.ZERO);
        SocketEndpoint endpoint = endpoint(server.url(), Duration.ofMillis(150));

        DeliveryOutcome slow = endpoint.post(delivery(1));
        assertThat(slow).isInstanceOf(DeliveryOutcome.Failed.class);
        assertThat(((DeliveryOutcome.Failed) slow).status()).isNull();
        assertThat(((DeliveryOutcome.Failed) slow).error()).contains("timed out");

        assertThat(endpoint.post(delivery(2))).isEqualTo(new DeliveryOutcome.Delivered(200));
        assertThat(server.clientPorts()).as("the timed-out connection was not reused").hasSize(2);
    }

    @Test
    void reportsARefusedConnection() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        DeliveryOutcome outcome = endpoint("http://127.0.0.1:" + port + "/hook", Duration.ofSeconds(1)).post(delivery(1));
        assertThat(outcome).isEqualTo(new DeliveryOutcome.Failed(null, "connection refused or unreachable"));
    }

    @Test
    void reconnectsWhenTheReceiverDroppedTheKeptAliveConnection() throws Exception {
        // A bare server that answers one request per connection and then hangs up without saying so.
        ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        open.add(listener);
        AtomicInteger connections = new AtomicInteger();
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.incrementAndGet();
                    BufferedReader reader = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    int length = 0;
                    for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    reader.skip(length);
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        SocketEndpoint endpoint = endpoint("http://127.0.0.1:" + listener.getLocalPort() + "/hook", Duration.ofSeconds(2));

        assertThat(endpoint.post(delivery(1))).isEqualTo(new DeliveryOutcome.Delivered(200));
        Thread.sleep(50);
        assertThat(endpoint.post(delivery(2))).isEqualTo(new DeliveryOutcome.Delivered(200));
        assertThat(connections.get()).isEqualTo(2);
    }
}
