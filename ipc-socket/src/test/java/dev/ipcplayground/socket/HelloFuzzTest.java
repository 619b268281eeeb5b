package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.JsonDamage;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

    static Stream<JsonDamage.Case> hellos() throws Exception {
        RunSpec spec = new RunSpec("tcp", Mode.PINGPONG, 64, 1000, 100, Duration.ofSeconds(20), Duration.ZERO, Pin.NONE,
                Map.of("io", "nio")).withProducers(2);
        byte[] valid = Json.MAPPER.writeValueAsBytes(RemoteRuns.Hello.of(new RunContext(Path.of("/tmp"), "fuzz", 1, spec), 1));
        return JsonDamage.of(valid, CASES, SEED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hellos")
    void aHelloIsAPossibleRunOrAnErrorSayingWhyNot(JsonDamage.Case input) {
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
