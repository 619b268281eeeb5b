package dev.ipcplayground.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real kernel queues through FFM: whole messages in order, limits, and a dead peer ending a wait. */
@Timeout(value = 10, unit = TimeUnit.SECONDS) // each test takes well under a second; a lost wake-up would hang it
class PosixQueueTest {

    private final String name = "ipcpg-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @AfterEach
    void unlink() throws Exception {
        PosixQueue.unlink(name);
    }

    @Test
    void messagesComeOutWholeAndInOrder() throws Exception {
        PosixQueue.create(name, 4, 100);
        PeerProcess me = new PeerProcess(() -> ProcessHandle.current().pid(), Role.PRODUCER);
        try (PosixQueue q = PosixQueue.open(name, 100)) {
            q.send(new byte[] {1, 2, 3}, 3, me);
            q.send(new byte[100], 100, me);
            byte[] into = new byte[100];
            assertThat(q.receive(into, me)).isEqualTo(3);
            assertThat(into[2]).isEqualTo((byte) 3);
            assertThat(q.receive(into, me)).isEqualTo(100);
        }
    }

    @Test
    void creatingItTwiceFailsWithTheReason() throws Exception {
        PosixQueue.create(name, 4, 100);
        assertThatThrownBy(() -> PosixQueue.create(name, 4, 100))
                .hasMessage("mq_open(/" + name + ", depth 4, 100-byte messages): File exists (errno 17)");
    }

    @Test
    void aReceiverWhosePeerDiesIsWokenAndToldWhy() throws Exception {
        PosixQueue.create(name, 4, 100);
        Process peerProcess = new ProcessBuilder("sleep", "60").start();
        try (PosixQueue q = PosixQueue.open(name, 100);
             PeerProcess peer = new PeerProcess(peerProcess::pid, Role.PRODUCER).watch(q::wakeUp)) {
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(200);
                    peerProcess.destroyForcibly().waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> q.receive(new byte[100], peer))
                    .hasMessage("the producer (pid " + peerProcess.pid() + ") is gone: it died while this side waited for a message in queue /" + name);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            peerProcess.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
