package dev.ipcplayground.core.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipcplayground.core.ByteStreamEndpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The frame decoder against inputs no producer would send: bytes at random, and valid streams
 * whose header fields (length, sequence, producer, CRC) are set to the values at the edges of
 * their ranges or at random. Whatever comes, the consumer gives a clear error or a failed
 * verification, or a clean run only for an unharmed stream; never a hang, never an exception other
 * than an {@link IOException} with a message, never an allocation the input asks for (a header
 * announcing a gigabyte is refused at the header). Seeded: a failing case's name replays it.
 *
 * <p>DamagedStreamTest's damages (a flipped bit, a stream cut short, garbage inserted) are its
 * seeds' kind; these go to the fields themselves.
 */
class FrameFuzzTest {

    private static final int CASES = 120, MESSAGES = 10, SIZE = 48;
    private static final long SEED = 20261207L;

    /** Where each header field sits (Frame's layout) and the values worth trying there. */
    private static final int[][] FIELDS = {{0, 8}, {8, 8}, {16, 4}, {20, 4}}; // sequence+producer, send time, length, CRC
    private static final long[] EDGES = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Frame.MAX_PAYLOAD, Frame.MAX_PAYLOAD + 1L,
            SIZE, SIZE + 1, Long.MAX_VALUE, Long.MIN_VALUE, Frame.END, Frame.MEASURE};

    record Case(String what, byte[] bytes, boolean intact) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Case> inputs() {
        Random random = new Random(SEED);
        java.util.List<Integer> starts = new java.util.ArrayList<>();
        byte[] valid = validStream(starts);
        return IntStream.range(0, CASES).mapToObj(i -> switch (i % 3) {
            case 0 -> {
                byte[] noise = new byte[random.nextInt(4 * Frame.HEADER_BYTES + 2 * SIZE)];
                random.nextBytes(noise);
                yield new Case("case " + i + ": " + noise.length + " random bytes", noise, false);
            }
            default -> {
                int frame = random.nextInt(starts.size()), field = random.nextInt(FIELDS.length);
                long value = i % 3 == 1 ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
                byte[] bytes = valid.clone();
                int at = starts.get(frame) + FIELDS[field][0];
                ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                if (FIELDS[field][1] == 8) {
                    buffer.putLong(at, value);
                } else {
                    buffer.putInt(at, (int) value);
                }
                yield new Case("case " + i + ": frame " + frame + ", header bytes " + FIELDS[field][0] + "+" + FIELDS[field][1]
                        + " set to " + value, bytes, java.util.Arrays.equals(bytes, valid));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void anyInputGivesAClearErrorOrAFailedCheckNeverAnythingElse(Case input) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            var endpoint = new ByteStreamEndpoint(new ByteArrayInputStream(input.bytes()), OutputStream.nullOutputStream(), "the producer");
            RunSpec spec = new RunSpec("test", Mode.STREAM, SIZE, MESSAGES, 0, Duration.ofSeconds(5), Duration.ZERO, Pin.NONE, Map.of());
            try {
                SideResult result = new ConsumerRig(spec, endpoint).run();
                if (!input.intact()) {
                    assertThat(result.verification().clean()).as("a harmed stream reported clean").isFalse();
                    assertThat(result.verification().firstProblem()).isNotBlank();
                }
            } catch (IOException e) {
                assertThat(e.getMessage()).as("the error says what it found").isNotBlank();
            }
        });
    }

    /**
     * The decoder and the verifier against Jazzer's inputs: bytes mutated toward code not yet
     * reached, from the seeds in {@code FrameFuzzTestInputs} (a valid stream, one cut short, one
     * with a header announcing a gigabyte). Frames are read as a consumer reads them and checked as
     * it checks them, without the rig around them (whose warm-up and collections would make each
     * input take milliseconds): every input gives frames the verifier judges, then a clear error or
     * the end of the bytes. Every build replays the inputs; {@code bench/fuzz} fuzzes.
     */
    @FuzzTest(maxDuration = "60s")
    @org.junit.jupiter.api.Timeout(120) // fuzzing is one invocation of maxDuration
    void anyBytesAreFramesOrAClearError(byte[] input) {
        var endpoint = new ByteStreamEndpoint(new ByteArrayInputStream(input), OutputStream.nullOutputStream(), "the producer");
        dev.ipcplayground.core.Verifier verifier = new dev.ipcplayground.core.Verifier(SIZE);
        Frame frame = new Frame(SIZE);
        long received = 0;
        try {
            while (true) {
                endpoint.receive(frame);
                received++;
                if (!frame.isEnd()) {
                    verifier.accept(frame); // a control frame too: out of place in a stream, it counts as damage
                }
            }
        } catch (IOException e) { // the bytes ended, or a frame could not be read
            assertThat(e.getMessage()).as("the error says what it found").isNotBlank();
        }
        assertThat(received).isLessThanOrEqualTo(input.length / Frame.HEADER_BYTES);
        assertThat(verifier.finish(received).received()).isNotNegative();
    }

    /** The measure marker, MESSAGES messages, the end marker: what a producer sends; each frame's start into {@code starts}. */
    private static byte[] validStream(java.util.List<Integer> starts) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        Frame frame = new Frame(SIZE);
        frame.fillControl(Frame.MEASURE, 0);
        starts.add(stream.size());
        stream.write(frame.bytes(), 0, frame.length());
        for (int s = 0; s < MESSAGES; s++) {
            frame.fillMessage(s, SIZE).stampSendTime(1_000_000L + s);
            starts.add(stream.size());
            stream.write(frame.bytes(), 0, frame.length());
        }
        frame.fillEnd(MESSAGES);
        starts.add(stream.size());
        stream.write(frame.bytes(), 0, frame.length());
        return stream.toByteArray();
    }
}
