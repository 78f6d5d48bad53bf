package io.selvedge.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client: the
 * dashboard test needs no Selenium or Playwright on the classpath, only the browser on the machine
 * ({@code apt-get install chromium}). {@code -Dselvedge.chromium=/path} or {@code CHROMIUM} names another binary.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static Optional<Path> find() {
        String named = System.getProperty("selvedge.chromium", System.getenv("CHROMIUM"));
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    static HeadlessChromium launch(Path executable, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("selvedge-chromium");
        Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions", "--no-first-run",
                "--no-default-browser-check", "--hide-scrollbars", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not open its DevTools port: " + log(profile));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        String pages = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String target = null;
        for (JsonNode page : JSON.readTree(pages)) {
            if (page.get("type").asString().equals("page")) {
                target = page.get("webSocketDebuggerUrl").asString();
                break;
            }
        }
        if (target == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium has no page to drive: " + pages);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(target), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    String text = message.toString();
                    message.setLength(0);
                    if (self[0] != null) {
                        self[0].received(text);
                    }
                }
                webSocket.request(1);
                return null;
            }
        }).join();
        HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
        self[0] = chromium;
        return chromium;
    }

    private void received(String text) {
        JsonNode message = JSON.readTree(text);
        JsonNode id = message.get("id");
        if (id != null) {
            CompletableFuture<JsonNode> waiting = pending.remove(id.asLong());
            if (waiting != null) {
                waiting.complete(message);
            }
        }
    }

    JsonNode call(String method, Map<String, Object> params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("id", id);
        command.put("method", method);
        command.put("params", params);
        socket.sendText(JSON.writeValueAsString(command), true).join();
        JsonNode response = answer.orTimeout(30, TimeUnit.SECONDS).join();
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.get("result");
    }

    void open(String url) {
        call("Page.navigate", Map.of("url", url));
    }

    /** Evaluates {@code expression} in the page (promises awaited) and answers its value as JSON. */
    JsonNode eval(String expression) {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        JsonNode value = result.get("result").get("value");
        return value == null ? JSON.nullNode() : value;
    }

    /** Waits until {@code expression} is true in the page, polling as a person watching the screen would. */
    void waitFor(String what, String expression) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // a page still loading may not have the elements yet: that is "not yet", not a failure
        String probe = "(() => { try { return Boolean(" + expression + "); } catch (e) { return false; } })()";
        while (!eval(probe).asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never showed " + what + "; it shows: "
                        + eval("document.body ? document.body.innerText.substring(0, 2000) : ''").asString());
            }
            MonitoringTestBase.pause(Duration.ofMillis(100));
        }
    }

    /** A PNG of the whole page (beyond the window when it is taller). */
    void screenshot(Path file) throws IOException {
        JsonNode metrics = call("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", metrics.get("width").asDouble(),
                "height", metrics.get("height").asDouble(), "scale", 1);
        String png = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip))
                .get("data").asString();
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the process goes next either way
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a child process of chromium may still be renaming a file in it as the walk passes; a temp profile
            // left behind costs only disk
        }
    }

    private static String log(Path profile) {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
