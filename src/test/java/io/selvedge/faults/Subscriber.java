package io.selvedge.faults;

import io.selvedge.testing.Api;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * A webhook subscriber on a plain socket, so it can do what a sick one does: answer 200, answer 503, or drop the
 * connection without a word. It checks each delivery's {@code Selvedge-Signature} with its own HMAC and records every
 * delivery it saw and what it answered.
 */
final class Subscriber implements AutoCloseable {

    enum Mode { UP, FAILING_503, DROPPING, FLAKY }

    /** One delivery as it arrived; {@code status} is what this subscriber answered (0: dropped). */
    record Delivery(String eventId, String type, long sequence, JsonNode data, boolean signatureValid, int status, long atNanos) {

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    static final String SECRET = "faults-secret-0123456789";

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "faults-subscriber");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile Mode mode = Mode.UP;
    private volatile boolean open = true;

    Subscriber() {
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        connections.execute(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hooks/selvedge";
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void accept() {
        while (open) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (open) {
                    continue;
                }
                return;
            }
        }
    }

    /** HTTP/1.1 with keep-alive: one request after another on the connection, until it is dropped or closed. */
    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
            while (open) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                int length = 0;
                String signature = null;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = header.substring(colon + 1).trim();
                    if (name.equals("content-length")) {
                        length = Integer.parseInt(value);
                    } else if (name.equals("selvedge-signature")) {
                        signature = value;
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                long n = requests.incrementAndGet();
                Mode now = mode;
                boolean drop = now == Mode.DROPPING || (now == Mode.FLAKY && n % 2 == 0);
                int status = drop ? 0 : now == Mode.UP ? 200 : 503;
                record(body, signature, status);
                if (drop) {
                    return; // closes the socket: the hub sees the connection end with no answer
                }
                out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Service Unavailable")
                        + "\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | RuntimeException ignored) {
            // the hub closed the connection
        }
    }

    private void record(String body, String signature, int status) {
        JsonNode json = Api.JSON.readTree(body);
        deliveries.add(new Delivery(json.get("id").asString(), json.get("type").asString(), json.get("sequence").asLong(), json.get("data"),
                verify(signature, body), status, System.nanoTime()));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    /** t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body"> with the shared secret, as an integrator would check it. */
    private static boolean verify(String header, String body) {
        if (header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (t == null || v1 == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return MessageDigest.isEqual(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)), HexFormat.of().parseHex(v1));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        connections.shutdownNow();
    }
}
