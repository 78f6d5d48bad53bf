package io.selvedge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single KRaft broker for {@code selvedge bench kafka}, in a process of its own: the same embedded broker the Kafka
 * tests use (Spring Kafka's, which is only on the test classpath, so the hub's jar cannot start it itself). It listens
 * on a free port (the KRaft embedded broker ignores fixed ports) and writes its address to {@code addressFile} once it
 * serves. Runs until killed, or stops by itself after {@code minutes}. Usage: {@code KafkaBenchBroker addressFile
 * [minutes=60]}; docs/benchmarks.md shows the classpath.
 */
public final class KafkaBenchBroker {

    private KafkaBenchBroker() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Path addressFile = Path.of(args.length > 0 ? args[0] : "target/kafka-bench-broker.txt");
        long minutes = args.length > 1 ? Long.parseLong(args[1]) : 60;
        Files.deleteIfExists(addressFile);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.destroy();
            try {
                Files.deleteIfExists(addressFile);
            } catch (IOException ignored) {
                // the next start deletes it
            }
        }, "bench-broker-stop"));
        Files.writeString(addressFile, broker.getBrokersAsString());
        System.out.println("kafka broker ready at " + broker.getBrokersAsString() + " (stops by itself in " + minutes + " min)");
        Thread.sleep(Duration.ofMinutes(minutes).toMillis());
        System.exit(0);
    }
}
