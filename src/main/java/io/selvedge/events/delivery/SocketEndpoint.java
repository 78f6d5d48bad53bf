package io.selvedge.events.delivery;

import io.selvedge.events.domain.DeliveryOutcome;
import io.selvedge.events.domain.Subscription;
import io.selvedge.events.domain.WebhookSignature;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Plain-HTTP deliveries over one kept-alive HTTP/1.1 connection per subscription. A lane sends strictly one
 * request at a time, so it needs no pool and no selector thread: a delivery is one write and one read on
 * the drain's own thread. Measured against {@code java.net.http.HttpClient} for a thousand local
 * subscribers it costs about a fifth of the CPU per delivery, which is what keeps commit-to-receipt low.
 * Deliberately small: it sends only POSTs, and reads only the status and the headers it needs to
 * find the end of the answer; anything unusual closes the connection rather than guessing.
 */
final class SocketEndpoint implements Endpoint {

    /** Answers longer than this are not read to keep the connection; the connection is closed instead. */
    private static final long MAX_DRAINED_BODY = 64 * 1024;
    private static final int MAX_LINE = 8 * 1024;

    private final String secret;
    private final String connectHost;
    private final int port;
    private final byte[] requestHead;
    private final int connectMillis;
    private final long requestNanos;
    private final Clock clock;

    private volatile boolean closed;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;

    SocketEndpoint(Subscription subscription, Duration connectTimeout, Duration requestTimeout, Clock clock) {
        URI uri = URI.create(subscription.url());
        String host = uri.getHost();
        this.secret = subscription.secret();
        this.connectHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        this.port = uri.getPort() == -1 ? 80 : uri.getPort();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String hostHeader = uri.getPort() == -1 ? host : host + ":" + uri.getPort();
        this.requestHead = ("POST " + target + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nUser-Agent: Selvedge-Webhooks/1\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.connectMillis = (int) Math.max(1, connectTimeout.toMillis());
        this.requestNanos = requestTimeout.toNanos();
        this.clock = clock;
    }

    static boolean handles(String url) {
        return URI.create(url).getScheme().equalsIgnoreCase("http");
    }

    @Override
    public DeliveryOutcome post(Delivery delivery) {
        long t = clock.instant().getEpochSecond();
        byte[] request = request(delivery, WebhookSignature.header(secret, t, delivery.body()));
        boolean reused = socket != null;
        try {
            return answer(exchange(request));
        } catch (SocketTimeoutException e) {
            disconnect();
            return timedOut();
        } catch (IOException first) {
            disconnect();
            if (!reused || first instanceof ConnectException) {
                return failure(first);
            }
        }
        // The receiver may have dropped the idle kept-alive connection: once more, on a fresh one.
        try {
            return answer(exchange(request));
        } catch (SocketTimeoutException e) {
            disconnect();
            return timedOut();
        } catch (IOException e) {
            disconnect();
            return failure(e);
        }
    }

    private byte[] request(Delivery delivery, String signature) {
        String headers = "Content-Length: " + delivery.bodyUtf8().length
                + "\r\nSelvedge-Event-Id: " + delivery.event().eventId()
                + "\r\nSelvedge-Event-Type: " + delivery.event().type()
                + "\r\n" + WebhookSignature.HEADER + ": " + signature + "\r\n\r\n";
        byte[] tail = headers.getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[requestHead.length + tail.length + delivery.bodyUtf8().length];
        System.arraycopy(requestHead, 0, request, 0, requestHead.length);
        System.arraycopy(tail, 0, request, requestHead.length, tail.length);
        System.arraycopy(delivery.bodyUtf8(), 0, request, requestHead.length + tail.length, delivery.bodyUtf8().length);
        return request;
    }

    private int exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        long deadline = System.nanoTime() + requestNanos;
        socket.setSoTimeout(remainingMillis(deadline));
        out.write(request);
        out.flush();
        int status;
        Headers headers;
        do { // 1xx answers are interim: the real one follows
            status = status(line(deadline));
            headers = headers(deadline);
        } while (status >= 100 && status < 200);
        boolean keep = !headers.close;
        if (status == 204 || status == 304) {
            // no body
        } else if (headers.chunked) {
            keep = keep && skipChunked(deadline);
        } else if (headers.length >= 0 && headers.length <= MAX_DRAINED_BODY) {
            in.skipNBytes(headers.length);
        } else {
            keep = false; // body runs to the end of the connection, or is too long to read for nothing
        }
        if (!keep) {
            disconnect();
        }
        return status;
    }

    private void connect() throws IOException {
        if (closed) {
            throw new IOException("the subscription's endpoint is closed");
        }
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.connect(new InetSocketAddress(connectHost, port), connectMillis);
            in = new BufferedInputStream(fresh.getInputStream(), 2048);
            out = fresh.getOutputStream();
            socket = fresh;
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
    }

    private record Headers(long length, boolean chunked, boolean close) {
    }

    private Headers headers(long deadline) throws IOException {
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line = line(deadline); !line.isEmpty(); line = line(deadline)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line in the answer");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IOException("malformed Content-Length in the answer");
                    }
                }
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "connection" -> close = close || value.contains("close");
                default -> {
                }
            }
        }
        return new Headers(length, chunked, close);
    }

    /** Reads past a chunked body; false when it is too long to be worth keeping the connection for. */
    private boolean skipChunked(long deadline) throws IOException {
        long total = 0;
        while (true) {
            String size = line(deadline);
            int semicolon = size.indexOf(';');
            long chunk;
            try {
                chunk = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size in the answer");
            }
            total += chunk;
            if (total > MAX_DRAINED_BODY) {
                return false;
            }
            if (chunk == 0) {
                while (!line(deadline).isEmpty()) {
                    // trailers
                }
                return true;
            }
            in.skipNBytes(chunk);
            line(deadline); // the CRLF after the chunk
        }
    }

    /** The code of a status line such as {@code HTTP/1.1 200 OK}. */
    private static int status(String line) throws IOException {
        int space = line.indexOf(' ');
        if (!line.startsWith("HTTP/") || space < 0 || line.length() < space + 4) {
            throw new IOException("not an HTTP status line");
        }
        try {
            return Integer.parseInt(line.substring(space + 1, space + 4));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line");
        }
    }

    private String line(long deadline) throws IOException {
        socket.setSoTimeout(remainingMillis(deadline));
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("the receiver closed the connection");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("an answer line is too long");
            }
            line.write(b);
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException();
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000));
    }

    private DeliveryOutcome timedOut() {
        return new DeliveryOutcome.Failed(null, "timed out after " + requestNanos / 1_000_000 + " ms");
    }

    private static DeliveryOutcome answer(int status) {
        return status >= 200 && status < 300 ? new DeliveryOutcome.Delivered(status)
                : new DeliveryOutcome.Failed(status, "HTTP " + status);
    }

    static DeliveryOutcome failure(IOException e) {
        if (e instanceof ConnectException) {
            return new DeliveryOutcome.Failed(null, "connection refused or unreachable");
        }
        if (e instanceof UnknownHostException) {
            return new DeliveryOutcome.Failed(null, "unknown host");
        }
        if (e instanceof NoRouteToHostException) {
            return new DeliveryOutcome.Failed(null, "no route to host");
        }
        return new DeliveryOutcome.Failed(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    /** For good: the lane is gone. May be called from another thread while a delivery is in flight. */
    @Override
    public void close() {
        closed = true;
        disconnect();
    }

    private void disconnect() {
        Socket open = socket;
        socket = null;
        in = null;
        out = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
