package dev.ipcplayground.core.rig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.ByteStreamEndpoint;
import dev.ipcplayground.core.FdStreamEndpoint;
import dev.ipcplayground.core.os.Libc;
import java.lang.foreign.Arena;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever random damage the bytes suffer on their way to the consumer (a flipped bit
 * anywhere, a stream cut short, garbage inserted between frames), the consumer notices and says
 * so: a failed verification, or an error naming what it found. It never crashes with anything
 * else, never hangs, never reports a clean run.
 *
 * <p>Each case is drawn from a seeded generator; a failing case's name carries its seed and
 * damage, so it can be replayed exactly.
 */
class DamagedStreamTest {

    private static final int MESSAGES = 20, CASES = 100;
    private static final long SEED = 20261127L;

    /** One way of damaging a stream whose end marker starts at {@code endStart}. */
    sealed interface Damage {
        byte[] apply(byte[] stream, int endStart);
    }

    /** For the control case: the stream as sent. */
    record NoDamage() implements Damage {
        public byte[] apply(byte[] stream, int endStart) {
            return stream;
        }
    }

    record FlipBit(int index, int bit) implements Damage {
        public byte[] apply(byte[] stream, int endStart) {
            byte[] b = stream.clone();
            b[index % b.length] ^= (byte) (1 << bit);
            return b;
        }
    }

    record CutShort(int length) implements Damage {
        public byte[] apply(byte[] stream, int endStart) {
            return Arrays.copyOf(stream, length % stream.length);
        }
    }

    record InsertGarbage(int at, byte[] garbage) implements Damage {
        public byte[] apply(byte[] stream, int endStart) {
            int where = at % (endStart + 1); // before the end marker: nobody reads after it
            byte[] b = new byte[stream.length + garbage.length];
            System.arraycopy(stream, 0, b, 0, where);
            System.arraycopy(garbage, 0, b, where, garbage.length);
            System.arraycopy(stream, where, b, where + garbage.length, stream.length - where);
            return b;
        }

        @Override
        public String toString() {
            return "InsertGarbage[at=" + at + ", " + garbage.length + " bytes]";
        }
    }

    static Stream<Arguments> randomDamage() {
        Random random = new Random(SEED);
        int[] sizes = {0, 1, 7, 64, 300};
        return IntStream.range(0, CASES).mapToObj(i -> {
            Damage damage = switch (random.nextInt(3)) {
                case 0 -> new FlipBit(random.nextInt(Integer.MAX_VALUE), random.nextInt(8));
                case 1 -> new CutShort(random.nextInt(Integer.MAX_VALUE));
                default -> {
                    byte[] garbage = new byte[1 + random.nextInt(64)];
                    random.nextBytes(garbage);
                    yield new InsertGarbage(random.nextInt(Integer.MAX_VALUE), garbage);
                }
            };
            return Arguments.of(sizes[random.nextInt(sizes.length)], damage);
        });
    }

    @ParameterizedTest(name = "size {0}, {1}")
    @MethodSource("randomDamage")
    void anyDamageIsCaughtAndNamed(int size, Damage damage) throws Exception {
        byte[] damaged = damagedStream(size, damage);
        var endpoint = new ByteStreamEndpoint(new ByteArrayInputStream(damaged), OutputStream.nullOutputStream(), "the producer");
        assertCaught(size, endpoint);
    }

    /** The same damage read from a real pipe, through read(2) called directly (what pipe and fifo use). */
    @ParameterizedTest(name = "size {0}, {1}")
    @MethodSource("randomDamage")
    void anyDamageReadFromAPipeIsCaughtAndNamed(int size, Damage damage) throws Exception {
        byte[] damaged = damagedStream(size, damage);
        int[] pipe = TestPipes.pipe();
        int devNull;
        try (Arena call = Arena.ofConfined()) {
            devNull = Libc.open(call.allocateFrom("/dev/null"), Libc.O_WRONLY);
        }
        Thread writer = Thread.ofVirtual().start(() -> TestPipes.writeAndClose(pipe[1], damaged));
        try (var endpoint = new FdStreamEndpoint(pipe[0], devNull, "the producer")) {
            assertCaught(size, endpoint);
        }
        writer.join(5000);
    }

    /** Twenty intact messages after the start of the measured phase, then the end marker; then the damage. */
    private static byte[] damagedStream(int size, Damage damage) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        Frame frame = new Frame(size);
        frame.fillControl(Frame.MEASURE, 0);
        stream.write(frame.bytes(), 0, frame.length());
        for (int s = 0; s < MESSAGES; s++) {
            frame.fillMessage(s, size).stampSendTime(System.nanoTime());
            stream.write(frame.bytes(), 0, frame.length());
        }
        int endStart = stream.size();
        frame.fillEnd(MESSAGES);
        stream.write(frame.bytes(), 0, frame.length());
        return damage.apply(stream.toByteArray(), endStart);
    }

    private static void assertCaught(int size, dev.ipcplayground.core.Endpoint endpoint) {
        RunSpec spec = new RunSpec("test", Mode.STREAM, size, MESSAGES, 0, Duration.ofSeconds(5), Duration.ZERO, Pin.NONE, Map.of());
        try {
            SideResult result = new ConsumerRig(spec, endpoint).run();
            assertThat(result.verification().clean()).as("reported clean").isFalse();
            assertThat(result.verification().firstProblem()).isNotBlank();
        } catch (IOException e) {
            assertThat(e.getMessage()).as("the error says what it found").isNotBlank();
        }
    }

    @org.junit.jupiter.api.Test
    void anUndamagedStreamIsReportedClean() throws Exception {
        byte[] intact = damagedStream(64, new NoDamage());
        var endpoint = new ByteStreamEndpoint(new ByteArrayInputStream(intact), OutputStream.nullOutputStream(), "the producer");
        RunSpec spec = new RunSpec("test", Mode.STREAM, 64, MESSAGES, 0, Duration.ofSeconds(5), Duration.ZERO, Pin.NONE, Map.of());
        assertThat(new ConsumerRig(spec, endpoint).run().verification().clean()).isTrue();
    }
}
