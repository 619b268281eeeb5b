package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.rig.ProducerRig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launcher serve} against what can reach its port: bytes that are no frame, a connection
 * that says nothing, a hello whose JSON is not a run's or whose settings are impossible, a header
 * announcing a frame of gigabytes, a second producer while a run goes, producers one straight after
 * another. Each hostile connection is refused with one line in the log and the reason sent back;
 * serving goes on, and a producer that comes afterwards runs to the end, every message intact.
 */
class ServeHoldsItsGroundTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(60)
    void eachHostileConnectionIsRefusedWithAReasonAndAProducerAfterThemIsServed() throws Exception {
        Map<byte[], String> hostile = new java.util.LinkedHashMap<>();
        hostile.put(random(7, 200), ""); // no frame: its header announces nonsense, refused for whatever it announces
        hostile.put(Knock.hello("{\"run\": \"x\", \"producer\": 0}"), "it names no run"); // no spec
        hostile.put(Knock.hello("{\"run\": \"x\", \"producer\": 0, \"spec\": {\"transport\": \"tcp\", \"payloadSize\": 64}}"),
                "the hello is not a run's");
        hostile.put(Knock.hello("{\"run\": \"x\", \"producer\": 0, \"spec\": {\"transport\": \"tcp\", \"mode\": \"PINGPONG\", "
                        + "\"payloadSize\": -5, \"count\": 10, \"timeout\": 5.0, \"duration\": 0, \"pin\": \"NONE\", \"settings\": {}}}"),
                "a payload of -5 bytes");
        hostile.put(Knock.hello("not json at all {{{"), "the hello is not a run's");
        hostile.put(Knock.frame(Frame.RESULT, new byte[40]), "the first frame is not a hello");
        hostile.put(Knock.frame(Frame.HELLO, new byte[5]), "too short to hold a proof");
        hostile.put(gigabyteHeader(), "larger than a hello can be (" + ServeGate.HELLO_MAX + " bytes)");
        Serving serving = Serving.start(1);
        HostPort at = serving.at();

        try (Knock silent = Knock.at(at)) { // says nothing, and stays: refused after the deadline, meanwhile the others
            silent.challenge();
            for (var knock : hostile.entrySet()) {
                try (Knock k = Knock.at(at)) {
                    k.challenge();
                    assertThat(k.send(knock.getKey()).verdict()).as("serve's reason, sent back").isNotBlank().contains(knock.getValue());
                }
            }
            assertThat(silent.verdict()).isEqualTo("it said no hello within 5 s");
        }
        runProducer(at, "good");
        serving.done().get(30, TimeUnit.SECONDS);

        String said = serving.said();
        assertThat(said.lines().filter(l -> l.contains(" refused 127.0.0.1:"))).hasSize(hostile.size() + 1);
        assertThat(said).contains("done: 550 received, every one intact").doesNotContain("a fault of serve's own")
                .contains("no --secret-file: anyone who reaches " + at + " can run here");
    }

    @Test
    @Timeout(60)
    void aSecondProducerWhileARunGoesIsRefusedWithAReasonItCanPrint() throws Exception {
        Serving serving = Serving.start(1);
        RunSpec spec = spec();
        try (Endpoint first = RemoteRuns.start(run("first", spec), 0, serving.at())) { // serve said go: its run is going
            assertThatThrownBy(() -> RemoteRuns.start(run("second", spec), 0, serving.at()))
                    .isInstanceOf(IOException.class)
                    .hasMessageMatching("launcher serve on this host, at 127\\.0\\.0\\.1:\\d+ refused the run: serve is busy with "
                            + "a run from 127\\.0\\.0\\.1:\\d+ \\(.*-first-run\\); try again when it ends");
            new ProducerRig(spec, first).run();
        }
        serving.done().get(30, TimeUnit.SECONDS);
        assertThat(serving.said()).contains("done: 550 received, every one intact");
    }

    /** serve listens throughout: a producer that comes the moment a run ends is the next run's, never turned away. */
    @Test
    @Timeout(60)
    void producersOneStraightAfterAnotherAreAllServed() throws Exception {
        int runs = 4;
        Serving serving = Serving.start(runs);
        for (int i = 0; i < runs; i++) {
            runProducer(serving.at(), "run" + i);
        }
        serving.done().get(30, TimeUnit.SECONDS);
        assertThat(serving.said()).doesNotContain("refused");
        assertThat(serving.said().lines().filter(l -> l.contains("done: 550 received, every one intact"))).hasSize(runs);
    }

    private void runProducer(HostPort at, String id) throws Exception {
        RunSpec spec = spec();
        try (Endpoint producer = RemoteRuns.start(run(id, spec), 0, at)) {
            new ProducerRig(spec, producer).run();
        }
    }

    static RunSpec spec() {
        return new RunSpec("tcp", Mode.PINGPONG, 64, 500, 50, Duration.ofSeconds(20), Duration.ZERO, Pin.NONE, Map.of("io", "nio"));
    }

    private RunContext run(String id, RunSpec spec) {
        return new RunContext(directory, id, ProcessHandle.current().pid(), spec);
    }

    private static byte[] random(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A hello's header that announces a payload of a gigabyte, and then nothing: refused at the header. */
    static byte[] gigabyteHeader() {
        byte[] header = Knock.hello("{}");
        java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(Frame.LENGTH_OFFSET, Frame.MAX_PAYLOAD);
        return java.util.Arrays.copyOf(header, Frame.HEADER_BYTES);
    }
}
