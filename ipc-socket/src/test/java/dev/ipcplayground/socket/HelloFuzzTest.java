package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * serve's handshake against hellos no producer would send: a real hello's JSON with a field
 * removed, or set to null, a string, an array, an object, a number at the edge of its type, or
 * its bytes cut or scrambled. {@code Hello.read} gives a whole, possible run, or an IOException
 * saying why not; never any other exception, which would stop serving. Seeded, replayable by name.
 */
class HelloFuzzTest {

    private static final int CASES = 300;
    private static final long SEED = 20261207L;

    record Case(String what, byte[] json) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Case> hellos() throws Exception {
        RunSpec spec = new RunSpec("tcp", Mode.PINGPONG, 64, 1000, 100, Duration.ofSeconds(20), Duration.ZERO, Pin.NONE,
                Map.of("io", "nio")).withProducers(2);
        byte[] valid = Json.MAPPER.writeValueAsBytes(RemoteRuns.Hello.of(new RunContext(Path.of("/tmp"), "fuzz", 1, spec), 1));
        JsonNode tree = Json.MAPPER.readTree(valid);
        List<String> paths = new ArrayList<>();
        collect(tree, "", paths);
        Random random = new Random(SEED);
        Object[] values = {null, "", "x", -1, 0, Integer.MAX_VALUE, Long.MIN_VALUE, 1e308, -0.5, true, List.of(1, 2), Map.of("a", 1)};
        return IntStream.range(0, CASES).mapToObj(i -> {
            try {
                if (i % 10 == 9) { // bytes cut or scrambled
                    byte[] bytes = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
                    if (bytes.length > 0 && random.nextBoolean()) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
                    }
                    return new Case("case " + i + ": " + bytes.length + " bytes of a hello, maybe one changed", bytes);
                }
                JsonNode copy = tree.deepCopy();
                String path = paths.get(random.nextInt(paths.size()));
                ObjectNode parent = (ObjectNode) copy.at(path.substring(0, path.lastIndexOf('/')));
                String field = path.substring(path.lastIndexOf('/') + 1);
                if (random.nextInt(4) == 0) {
                    parent.remove(field);
                    return new Case("case " + i + ": without " + path, Json.MAPPER.writeValueAsBytes(copy));
                }
                Object value = values[random.nextInt(values.length)];
                parent.set(field, Json.MAPPER.valueToTree(value));
                return new Case("case " + i + ": " + path + " = " + value, Json.MAPPER.writeValueAsBytes(copy));
            } catch (IOException e) {
                throw new IllegalStateException(e);
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("hellos")
    void aHelloIsAPossibleRunOrAnErrorSayingWhyNot(Case input) {
        byte[] signed = java.nio.ByteBuffer.allocate(Secret.PROOF_BYTES + input.json().length)
                .position(Secret.PROOF_BYTES).put(input.json()).array(); // serve without a secret: any proof passes
        Frame frame = new Frame(signed.length).forProducer(0).fillControl(Frame.HELLO, signed);
        try {
            RemoteRuns.Hello hello = RemoteRuns.Hello.read(frame, Secret.challenge(), null);
            RunSpec spec = hello.spec();
            assertThat(spec.mode()).isNotNull();
            assertThat(spec.timeout()).isPositive();
            assertThat(spec.payloadSize()).isBetween(0, Frame.MAX_PAYLOAD);
            assertThat(hello.producer()).isBetween(0, spec.producers() - 1);
        } catch (IOException e) {
            assertThat(e.getMessage()).as("says why").isNotBlank();
        }
    }
}
