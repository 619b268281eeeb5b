package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.os.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unix transport's guard: only a peer of the same user may connect. */
class UnixTransportTest {

    @TempDir
    Path directory;

    private RunContext run(String address) {
        RunSpec spec = new RunSpec("unix", Mode.PINGPONG, 64, 10, 0, Duration.ofSeconds(20), Duration.ZERO, Pin.NONE,
                Map.of("socket-type", "stream", "unix-address", address));
        return new RunContext(directory, "t" + ProcessHandle.current().pid(), ProcessHandle.current().pid(), spec);
    }

    /**
     * An abstract socket has no file, hence no permissions: any user can connect. Here "nobody"
     * does (python3 through setpriv, as the test runs as root), and the consumer refuses it by
     * its kernel-reported uid, naming its pid.
     */
    @Test
    void aPeerOfAnotherUserIsRefused() throws Exception {
        assumeTrue(Libc.geteuid() == 0, "needs root to run a peer as another user (CI runs as root)");
        RunContext run = run("abstract");
        String name = run.objectName("unix");
        try (Endpoint consumer = new UnixTransport().openConsumer(run)) {
            Process stranger = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "/usr/bin/python3", "-c", "import socket,time; s=socket.socket(socket.AF_UNIX); s.connect('\\0" + name + "'); time.sleep(5)")
                    .redirectErrorStream(true).start();
            try {
                assertThatThrownBy(() -> consumer.receive(new Frame(64)))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("refused a connection from pid " + stranger.pid())
                        .hasMessageContaining("runs as uid 65534, not as this user (uid 0)");
            } finally {
                stranger.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theSocketFileIsReadableAndWritableByItsUserAlone() throws Exception {
        RunContext run = run("pathname");
        try (Endpoint consumer = new UnixTransport().openConsumer(run)) {
            assertThat(Files.getPosixFilePermissions(run.file(UnixTransport.SOCKET_FILE)))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
        assertThat(run.file(UnixTransport.SOCKET_FILE)).as("removed when the consumer closes").doesNotExist();
    }

    @Test
    void seqpacketRefusesAMessageLargerThanTheSocketBufferAndNamesTheSysctl() {
        RunSpec spec = run("pathname").spec().with("socket-type", "seqpacket");
        long max = new UnixTransport().maxPayload(spec);
        assertThat(max).isEqualTo(2 * UnixSocketType.wmemMax() - 32 - Frame.HEADER_BYTES);
        assertThatThrownBy(() -> new UnixTransport().check(new RunSpec("unix", Mode.PINGPONG, (int) max + 1, 10, 0,
                Duration.ofSeconds(5), Duration.ZERO, Pin.NONE, Map.of("socket-type", "seqpacket"))))
                .hasMessageContaining("its limit is " + max + " bytes").hasMessageContaining("net.core.wmem_max");
    }
}
