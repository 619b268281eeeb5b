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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The unix transport's guard (only a peer of the same user may connect), and its seqpacket consumer of many producers. */
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

    /**
     * Three seqpacket producers, one consumer: every message (0 to 64 bytes of payload) arrives whole and from its own
     * producer, in that producer's order, and each reply goes back to the producer that asked.
     */
    @Test
    @Timeout(30)
    void aSeqpacketConsumerTakesWholeMessagesFromManyProducersAndRepliesToEach() throws Exception {
        RunContext run = manyProducers("seqpacket", 3);
        int messages = 2_000;
        // The consumer closes first, so producers waiting for a reply end with it if an assertion fails.
        try (ExecutorService threads = Executors.newFixedThreadPool(3); Endpoint consumer = new UnixTransport().openConsumer(run)) {
            List<Future<Long>> producers = new ArrayList<>();
            {
                for (int p = 0; p < 3; p++) {
                    int index = p;
                    producers.add(threads.submit(() -> {
                        try (Endpoint producer = new UnixTransport().openProducer(run, index)) {
                            Frame frame = new Frame(1000).forProducer(index), reply = new Frame(1000).forProducer(index);
                            long replies = 0;
                            for (long seq = 0; seq < messages; seq++) {
                                frame.fillMessage(seq, (int) (seq % 65)).stampSendTime(System.nanoTime());
                                producer.send(frame);
                                producer.receive(reply);
                                assertThat(reply.producer()).isEqualTo(index);
                                assertThat(reply.isReplyTo(seq)).isTrue();
                                replies++;
                            }
                            producer.send(frame.fillEnd(messages));
                            return replies;
                        }
                    }));
                }
                Frame frame = new Frame(1000), reply = new Frame(8);
                long[] next = new long[3];
                int ended = 0;
                while (ended < 3) {
                    consumer.receive(frame);
                    if (frame.isEnd()) {
                        ended++;
                        continue;
                    }
                    assertThat(frame.sequence()).as("producer %d's order", frame.producer()).isEqualTo(next[frame.producer()]++);
                    assertThat(frame.crcMatches() && frame.payloadMatches((int) (frame.sequence() % 65))).isTrue();
                    consumer.send(reply.forProducer(frame.producer()).fillReply(frame.sequence(), frame.sendTime()));
                }
                for (Future<Long> producer : producers) {
                    assertThat(producer.get(20, TimeUnit.SECONDS)).isEqualTo(messages);
                }
            }
            assertThat(consumer.facts()).containsEntry("connections", "3");
        }
    }

    /** A seqpacket producer that closes before its end marker is named; the others' connections do not hide it. */
    @Test
    @Timeout(30)
    void aSeqpacketProducerThatLeavesEarlyIsNamed() throws Exception {
        RunContext run = manyProducers("seqpacket", 2);
        try (Endpoint consumer = new UnixTransport().openConsumer(run);
             Endpoint first = new UnixTransport().openProducer(run, 0);
             Endpoint second = new UnixTransport().openProducer(run, 1)) {
            second.send(new Frame(64).forProducer(1).fillMessage(0, 64));
            consumer.receive(new Frame(64));
            second.close();
            assertThatThrownBy(() -> {
                Frame frame = new Frame(64);
                while (true) {
                    consumer.receive(frame);
                }
            }).isInstanceOf(java.io.EOFException.class).hasMessage("producer 1 closed its connection before its last message");
        }
    }

    private RunContext manyProducers(String socketType, int producers) {
        RunSpec spec = run("pathname").spec().with("socket-type", socketType).withProducers(producers);
        return new RunContext(directory, "t" + ProcessHandle.current().pid(), ProcessHandle.current().pid(), spec);
    }
}
