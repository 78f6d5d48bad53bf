package io.selvedge.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The hub as a child JVM ({@code SelvedgeApplication serve}) on a port of its own, started, killed with SIGKILL
 * ({@link Process#destroyForcibly()}) and started again on the same port and database, the way an operator's process
 * supervisor would. Everything it prints goes to one log file per hub (appended across restarts), which the card-number
 * scan reads.
 */
final class Hub implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final String name;
    private final int port;
    private final String dbUrl;
    private final Map<String, String> properties;
    private final Path log;
    private volatile Process process;
    private int starts;

    Hub(String name, String dbUrl, Map<String, String> properties) {
        this.name = name;
        this.port = freePort();
        this.dbUrl = dbUrl;
        this.properties = properties;
        this.log = Path.of("target", "faults", name + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    int starts() {
        return starts;
    }

    /** Starts the hub and waits until it answers healthy; returns how long that took. */
    Duration start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("hub " + name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(classPath());
        command.add("io.selvedge.SelvedgeApplication");
        command.add("serve");
        command.add("--server.port=" + port);
        command.add("--selvedge.db.url=" + dbUrl);
        // the production log format at INFO (the test classpath's logback-test.xml would silence it)
        command.add("--logging.config=classpath:faults/logback-hub.xml");
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.writeString(log, "---- faults: start #" + (starts + 1) + " of hub " + name + " at " + Instant.now() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long began = System.nanoTime();
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (starts++ == 0) {
                // a test JVM that dies must not leave a hub behind holding a port and a schema
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    if (process != null) {
                        process.destroyForcibly();
                    }
                }));
            }
            awaitHealthy(began);
            return Duration.ofNanos(System.nanoTime() - began);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start hub " + name + ": " + e.getMessage(), e);
        }
    }

    /** kill -9: no shutdown hook, no graceful close, nothing flushed that was not already durable. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("hub " + name + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The running process's id (it is in the hub's instance id, which leases name as their holder). */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The end of the log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitHealthy(long began) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() - began < START_LIMIT.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hub " + name + " exited with " + process.exitValue() + " while starting:\n" + logTail(40));
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(50);
        }
        throw new IllegalStateException("hub " + name + " was not healthy within " + START_LIMIT.toSeconds() + " s:\n" + logTail(40));
    }

    /** Surefire puts the real test class path in a manifest-only jar; either way it is what the child needs. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
