package io.selvedge.shopify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Shopify samples in ../shared/samples/shopify (surefire sets {@code selvedge.samples}; /work/shared/samples
 * otherwise), read straight from there. The Gadget files wrap the webhook body in {@code response}.
 */
public final class ShopifySamples {

    /** Exact numbers both ways: ids above 2^53 and decimal money stay as written. */
    public static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private ShopifySamples() {
    }

    public static Path dir() {
        String configured = System.getProperty("selvedge.samples");
        Path dir = configured == null ? Path.of("/work/shared/samples") : Path.of(configured);
        return (Files.isDirectory(dir) ? dir : Path.of("/work/shared/samples")).resolve("shopify");
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }

    /** The webhook body of a sample: the Gadget files' {@code response}, the fixtures' single top-level object, or the file. */
    public static ObjectNode payload(String relative) {
        JsonNode file = JSON.readTree(text(relative));
        if (file.has("response")) {
            return (ObjectNode) file.get("response");
        }
        if (file.isObject() && file.size() == 1 && file.values().iterator().next().isObject()) {
            return (ObjectNode) file.values().iterator().next();
        }
        return (ObjectNode) file;
    }

    /** Every sample file, by path under shopify/. */
    public static List<String> all() {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(Files::isRegularFile).map(p -> dir().relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
