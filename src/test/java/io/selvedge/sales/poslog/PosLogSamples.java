package io.selvedge.sales.poslog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The vendor samples in ../shared/samples/poslog (surefire sets {@code selvedge.samples}) and this suite's own documents. */
final class PosLogSamples {

    static final List<String> VENDOR = List.of("roqqio_sale_with_tenderChange.xml", "roqqio_sale_with_customer.xml",
            "roqqio_sale_with_posStorno.xml", "roqqio_retoure.xml", "roqqio_retoure_with_link.xml", "SMALL.xml", "visma_arts1.xml",
            "visma_arts4.xml");

    private PosLogSamples() {
    }

    static Path dir() {
        String configured = System.getProperty("selvedge.samples");
        Path dir = configured == null ? Path.of("/work/shared/samples") : Path.of(configured);
        return (Files.isDirectory(dir) ? dir : Path.of("/work/shared/samples")).resolve("poslog");
    }

    /** Every file of the shared folder, so a sample added there is not silently left untested. */
    static List<String> all() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String vendor(String name) {
        try {
            return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document of src/test/resources/poslog. */
    static String own(String name) {
        try (InputStream in = PosLogSamples.class.getResourceAsStream("/poslog/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test document " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
