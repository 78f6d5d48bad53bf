package io.selvedge.reconciliation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared sample files (../shared/samples, as surefire sets {@code selvedge.samples}; /work/shared/samples otherwise). */
public final class Samples {

    private Samples() {
    }

    public static Path dir() {
        String configured = System.getProperty("selvedge.samples");
        Path dir = configured == null ? Path.of("/work/shared/samples") : Path.of(configured);
        return Files.isDirectory(dir) ? dir : Path.of("/work/shared/samples");
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String relative) {
        return new String(bytes(relative), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every file of a sample folder, by name. */
    public static List<String> files(String folder) {
        try (Stream<Path> files = Files.list(dir().resolve(folder))) {
            return files.filter(Files::isRegularFile).map(p -> folder + "/" + p.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
