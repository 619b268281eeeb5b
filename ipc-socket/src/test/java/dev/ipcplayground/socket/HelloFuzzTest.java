package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
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

    private static final int CASES = 120;
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

    private static final byte[] CHALLENGE = new byte[Secret.CHALLENGE_BYTES];
    private static final Secret SECRET;

    static {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("hello-fuzz", ".secret");
            SECRET = Secret.read(java.nio.file.Files.writeString(file, "a secret no fuzzer input holds"));
            java.nio.file.Files.delete(file);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Jazzer's hellos: any payload, mutated toward code not yet reached from the seeds in
     * {@code HelloFuzzTestInputs} (a real hello). Without a secret, the same promise as above;
     * with one, every payload is refused, since none can hold the proof. Every build replays the
     * inputs; {@code bench/fuzz} fuzzes.
     */
    @FuzzTest(maxDuration = "60s")
    @org.junit.jupiter.api.Timeout(120) // fuzzing is one invocation of maxDuration
    void anyPayloadIsAPossibleRunOrRefusedAndNoneProvesASecret(byte[] payload) {
        Frame frame = new Frame(payload.length).forProducer(0).fillControl(Frame.HELLO, payload);
        try {
            RemoteRuns.Hello hello = RemoteRuns.Hello.read(frame, CHALLENGE, null);
            assertThat(hello.spec().timeout()).isPositive();
            assertThat(hello.producer()).isBetween(0, hello.spec().producers() - 1);
        } catch (IOException e) {
            assertThat(e.getMessage()).as("says why").isNotBlank();
        }
        try {
            RemoteRuns.Hello.read(frame, CHALLENGE, SECRET);
            throw new AssertionError("a hello passed serve's secret without its proof");
        } catch (IOException e) {
            assertThat(e.getMessage()).as("says why").isNotBlank();
        }
    }
}
