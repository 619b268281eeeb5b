package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.rig.ProducerRig;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launcher serve} against what can reach its port: bytes that are no frame, a connection
 * that says nothing, a hello whose JSON is not a run's or whose settings are impossible, a header
 * announcing a frame of gigabytes. Each fails its own turn with one line saying why; serving goes on,
 * and a producer that comes afterwards runs to the end, every message intact.
 */
class ServeHoldsItsGroundTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(120)
    void hostileConnectionsFailTheirOwnTurnAndAProducerAfterThemIsServed() throws Exception {
        List<byte[]> hostile = List.of(
                random(7, 200), // no frame: its header announces nonsense
                hello("{\"run\": \"x\", \"producer\": 0}"), // no spec
                hello("{\"run\": \"x\", \"producer\": 0, \"spec\": {\"transport\": \"tcp\", \"payloadSize\": 64}}"), // no mode, no timeout
                hello("{\"run\": \"x\", \"producer\": 0, \"spec\": {\"transport\": \"tcp\", \"mode\": \"PINGPONG\", "
                        + "\"payloadSize\": -5, \"count\": 10, \"timeout\": 5.0, \"duration\": 0, \"pin\": \"NONE\", \"settings\": {}}}"),
                hello("not json at all {{{"),
                gigabyteHeader());
        Serving serving = Serving.start(hostile.size() + 2); // and a silent connection, and the producer that runs
        HostPort at = serving.at();
        int port = at.port();

        int failed = 0;
        for (byte[] bytes : hostile) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
                serving.awaitLog("the run failed", ++failed);
            }
        }
        try (Socket silent = new Socket("127.0.0.1", port)) { // says nothing, and stays
            serving.awaitLog("the run failed", ++failed);
        }
        RunSpec spec = new RunSpec("tcp", Mode.PINGPONG, 64, 500, 50, Duration.ofSeconds(20), Duration.ZERO, Pin.NONE,
                Map.of("io", "nio"));
        RunContext run = new RunContext(directory, "good", ProcessHandle.current().pid(), spec);
        try (Endpoint producer = RemoteRuns.start(run, 0, at)) {
            new ProducerRig(spec, producer).run();
        }
        serving.done().get(30, TimeUnit.SECONDS);

        String said = serving.said();
        assertThat(said).contains("said no hello within 5 s").contains("the first frame is not a hello")
                .contains("the hello is not a run's").contains("done: 550 received, every one intact")
                .doesNotContain("a fault of serve's own");
        assertThat(said.lines().filter(l -> l.contains("the run failed"))).hasSize(hostile.size() + 1);
    }

    private static byte[] random(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] hello(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        Frame frame = new Frame(payload.length).forProducer(0).fillControl(Frame.HELLO, payload);
        return java.util.Arrays.copyOf(frame.bytes(), frame.length());
    }

    /** A hello's header that announces a payload of a gigabyte, and then nothing: refused at the header. */
    private static byte[] gigabyteHeader() {
        byte[] header = hello("{}");
        java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(16, Frame.MAX_PAYLOAD);
        return java.util.Arrays.copyOf(header, Frame.HEADER_BYTES);
    }
}
