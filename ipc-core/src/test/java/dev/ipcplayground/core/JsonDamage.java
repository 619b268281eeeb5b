package dev.ipcplayground.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Damaged copies of a valid JSON document, for fuzzing what reads documents from another process
 * or host (serve's hellos, the consumer's result): a field removed, or set to null, a string, an
 * array, an object, a number at the edge of its type; or, one case in ten, the bytes cut short and
 * maybe one changed. Seeded: a case is replayed by its name.
 */
public final class JsonDamage {

    /** One damaged document, named for the test report by what was done to it. */
    public record Case(String what, byte[] json) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static final Object[] VALUES = {null, "", "x", "AAAA", -1, 0, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE,
            1e308, -0.5, true, List.of(1, 2), Map.of("a", 1)};

    private JsonDamage() {}

    /** {@code cases} damaged copies of {@code valid}, the same ones for the same {@code seed}. */
    public static Stream<Case> of(byte[] valid, int cases, long seed) throws IOException {
        JsonNode tree = Json.MAPPER.readTree(valid);
        List<String> paths = new ArrayList<>();
        collect(tree, "", paths);
        Random random = new Random(seed);
        return IntStream.range(0, cases).mapToObj(i -> {
            if (i % 10 == 9) {
                byte[] bytes = Arrays.copyOf(valid, random.nextInt(valid.length));
                if (bytes.length > 0 && random.nextBoolean()) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
                }
                return new Case("case " + i + ": " + bytes.length + " of " + valid.length + " bytes, maybe one changed", bytes);
            }
            JsonNode copy = tree.deepCopy();
            String path = paths.get(random.nextInt(paths.size()));
            ObjectNode parent = (ObjectNode) copy.at(path.substring(0, path.lastIndexOf('/')));
            String field = path.substring(path.lastIndexOf('/') + 1);
            String what;
            if (random.nextInt(4) == 0) {
                parent.remove(field);
                what = "without " + path;
            } else {
                Object value = VALUES[random.nextInt(VALUES.length)];
                parent.set(field, Json.MAPPER.valueToTree(value));
                what = path + " = " + value;
            }
            try {
                return new Case("case " + i + ": " + what, Json.MAPPER.writeValueAsBytes(copy));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** JSON pointers to every field of every object in {@code node}. */
    private static void collect(JsonNode node, String at, List<String> paths) {
        node.properties().forEach(e -> {
            String path = at + "/" + e.getKey();
            paths.add(path);
            if (e.getValue().isObject()) {
                collect(e.getValue(), path, paths);
            }
        });
    }
}
