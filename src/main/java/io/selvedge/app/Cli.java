package io.selvedge.app;

import io.selvedge.app.demo.Demo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The verbs of {@code ./selvedge} and of the jar. */
public final class Cli {

    private Cli() {
    }

    public static int run(Class<?> application, String[] args) {
        String verb = args.length > 0 && !args[0].startsWith("-") ? args[0] : "serve";
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(args.length > 0 && !args[0].startsWith("-") ? 1 : 0, args.length));
        switch (verb) {
            case "serve" -> {
                ConfigurableApplicationContext context = SpringApplication.run(application, rest.toArray(String[]::new));
                awaitShutdown(context);
                return 0;
            }
            case "demo" -> {
                return demo(application, rest);
            }
            case "bench" -> {
                return bench(application, rest);
            }
            case "help", "--help", "-h" -> {
                System.out.println(USAGE);
                return 0;
            }
            default -> {
                System.err.println("unknown verb '" + verb + "'\n" + USAGE);
                return 2;
            }
        }
    }

    private static int demo(Class<?> application, List<String> args) {
        boolean exit = args.remove("--exit");
        boolean ownDatabase = args.stream().noneMatch(a -> a.startsWith("--selvedge.db.url=")) && System.getenv("SELVEDGE_DB_URL") == null;
        if (ownDatabase) {
            // The demo plays the same Saturday every run, so it starts from an empty database of its own.
            String dataDir = args.stream().filter(a -> a.startsWith("--selvedge.data-dir=")).map(a -> a.substring(20)).findFirst().orElse("./data");
            deleteDemoDatabase(Path.of(dataDir));
            args.add("--selvedge.db.name=demo");
        }
        ConfigurableApplicationContext context = SpringApplication.run(application, args.toArray(String[]::new));
        boolean ok = context.getBean(Demo.class).play();
        if (exit) {
            context.close();
            return ok ? 0 : 1;
        }
        awaitShutdown(context);
        return ok ? 0 : 1;
    }

    /** {@code bench [scenario] [--db=h2|postgres]}: a fresh database of its own, a random port, figures on stdout. */
    private static int bench(Class<?> application, List<String> args) {
        String scenario = args.stream().filter(a -> !a.startsWith("--")).findFirst().orElse("ingest");
        args.remove(scenario);
        String db = args.stream().filter(a -> a.startsWith("--db=")).map(a -> a.substring(5)).findFirst().orElse("postgres");
        args.removeIf(a -> a.startsWith("--db="));
        args.replaceAll(a -> a.startsWith("--kafka=") ? "--selvedge.kafka.bootstrap-servers=" + a.substring(8) : a);
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        if (db.equals("postgres")) {
            String server = System.getProperty("selvedge.bench.pg", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
            try (var connection = java.sql.DriverManager.getConnection(server); var statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA bench_" + suffix);
            } catch (java.sql.SQLException e) {
                System.err.println("bench: PostgreSQL is not reachable at " + server + ": " + e.getMessage());
                return 1;
            }
            args.add("--selvedge.db.url=" + server + "&currentSchema=bench_" + suffix);
        } else {
            args.add("--selvedge.db.url=jdbc:h2:file:./data/bench-" + suffix + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        }
        args.add("--server.port=0");
        args.add("--logging.level.root=WARN");
        args.add("--logging.level.io.selvedge=WARN");
        ConfigurableApplicationContext context = SpringApplication.run(application, args.toArray(String[]::new));
        try {
            return context.getBean(io.selvedge.app.bench.Bench.class).run(scenario, db) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("bench failed: " + e);
            return 1;
        } finally {
            context.close();
        }
    }

    private static void deleteDemoDatabase(Path dataDir) {
        for (String name : List.of("demo.mv.db", "demo.trace.db")) {
            try {
                Files.deleteIfExists(dataDir.resolve(name));
            } catch (IOException e) {
                throw new IllegalStateException("cannot reset the demo database in " + dataDir + ": " + e.getMessage(), e);
            }
        }
    }

    private static void awaitShutdown(ConfigurableApplicationContext context) {
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                closed.countDown();
            }
        });
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final String USAGE = """
            usage: selvedge <verb> [--name=value ...]
              serve   start the hub with the contract only (empty catalogue and ledger)
              demo    start the hub on its own embedded database, load the demo brand and play the Saturday
                      (--exit ends it after the scenario)
              bench   [ingest|broadcast|backlog|customers|close|catalogue|kafka] [--db=postgres|h2]: a benchmark over HTTP with
                      its baseline, on a fresh database (docs/benchmarks.md); kafka needs --kafka=HOST:PORT
              help    this text
            options: --server.port=N  --selvedge.data-dir=DIR  --selvedge.contract=FILE
                     --selvedge.db.url=jdbc:postgresql://HOST:PORT/DB  (or SELVEDGE_DB_URL)""";
}
