package io.selvedge.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (initdb into a temporary directory, a free port, trust auth), so it can be
 * stopped in immediate mode under load without touching the shared server other suites use. Run as the
 * {@code postgres} OS user when the test runs as root (initdb refuses root), as the current user otherwise.
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The server binaries ({@code -Dselvedge.faults.pg-bin}, else the newest /usr/lib/postgresql/N/bin), if installed. */
    static Optional<Path> binaries() {
        String given = System.getProperty("selvedge.faults.pg-bin");
        if (given != null) {
            return Optional.of(Path.of(given)).filter(p -> Files.isExecutable(p.resolve("pg_ctl")));
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl")))
                    .max(Comparator.comparing(p -> versionOf(p.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static PrivatePostgres start(Path bin) {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("selvedge-faults-pg");
            PrivatePostgres pg = new PrivatePostgres(bin, dir, Hub.freePort(), root);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), 30);
            }
            pg.ctl(List.of(bin.resolve("initdb").toString(), "-D", pg.data(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
                    "--no-sync"), 120);
            pg.start();
            // a test JVM that dies must not leave a server running on a temporary directory
            Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    void start() {
        ctl(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB", "start"), 90);
    }

    /** Stops the server in immediate mode: every backend is killed, no checkpoint; recovery replays the WAL on start. */
    void stopImmediately() {
        ctl(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"), 60);
    }

    String serverLogTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no server log)";
        }
    }

    @Override
    public void close() {
        try {
            ctl(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"), 60);
        } catch (RuntimeException alreadyStopped) {
            // stopped already
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory only costs disk
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void ctl(List<String> command, int seconds) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, seconds);
    }

    private static String run(List<String> command, int seconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(seconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString().replaceAll("\\D", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
