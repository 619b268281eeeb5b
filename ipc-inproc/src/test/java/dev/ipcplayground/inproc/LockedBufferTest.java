package dev.ipcplayground.inproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.Verifier;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS) // each test takes well under a second; a lost wake-up would hang it
class LockedBufferTest {

    @Test
    void framesComeOutInOrderAndWhole() throws Exception {
        LockedBuffer buffer = new LockedBuffer(4, Frame.largestFrame(16), 1);
        Frame in = new Frame(16), out = new Frame(16);
        for (int i = 0; i < 4; i++) {
            in.fillMessage(i, 16).stampSendTime(i);
            buffer.put(in);
        }
        for (int i = 0; i < 4; i++) {
            buffer.take(out);
            assertThat(out.sequence()).isEqualTo(i);
            assertThat(out.crcMatches()).isTrue();
        }
    }

    @Test
    void aWaiterIsReleasedByInterruptionWithAReason() throws Exception {
        LockedBuffer empty = new LockedBuffer(1, Frame.largestFrame(0), 1);
        var waiter = CompletableFuture.runAsync(() -> {
            Thread.currentThread().interrupt();
            try {
                empty.take(new Frame(0));
            } catch (InterruptedIOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("stopped while waiting: the other side failed");
    }

    @Test
    void aProducerThreadAndAConsumerThreadLoseNothingThroughATinyBuffer() throws Exception {
        LockedBuffer buffer = new LockedBuffer(3, Frame.largestFrame(40), 1);
        int messages = 50_000;
        var producer = send(buffer, new Frame(40), messages);
        Verifier verifier = new Verifier(40);
        Frame f = new Frame(40);
        for (int i = 0; i < messages; i++) {
            buffer.take(f);
            verifier.accept(f);
        }
        producer.get(30, TimeUnit.SECONDS);
        Verification v = verifier.finish(messages);
        assertThat(v.clean()).as(v.problems()).isTrue();
    }

    /** Four writers into a buffer of two slots: they wait for room together, each is woken in turn, nothing is lost. */
    @Test
    void manyWritersWaitingForRoomAreEachWoken() throws Exception {
        int writers = 4, messages = 20_000;
        LockedBuffer buffer = new LockedBuffer(2, Frame.largestFrame(40), writers);
        java.util.List<CompletableFuture<Void>> sending = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
            sending.add(send(buffer, new Frame(40).forProducer(w), messages));
        }
        Verifier[] verifiers = new Verifier[writers];
        for (int w = 0; w < writers; w++) {
            verifiers[w] = new Verifier(40, "writer " + w);
        }
        Frame f = new Frame(40);
        for (int i = 0; i < writers * messages; i++) {
            buffer.take(f);
            verifiers[f.producer()].accept(f);
        }
        for (var s : sending) {
            s.get(10, TimeUnit.SECONDS);
        }
        for (Verifier verifier : verifiers) {
            Verification v = verifier.finish(messages);
            assertThat(v.clean()).as(v.problems()).isTrue();
        }
    }

    /**
     * A ping-pong through two one-slot buffers, so that every take waits: the waits allocate
     * nothing (the JDK's {@code Condition.await} made a 32-byte node each). This weighs; it does not time.
     */
    @Test
    void aWaitAllocatesNothing() throws Exception {
        LockedBuffer there = new LockedBuffer(1, Frame.largestFrame(8), 1), back = new LockedBuffer(1, Frame.largestFrame(8), 1);
        int rounds = 20_000;
        var echo = echo(there, back, 2 * rounds);
        Frame f = new Frame(8).fillMessage(0, 8);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < rounds; i++) { // warm: compiled, and any lazy structure made
            there.put(f);
            back.take(f);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            there.put(f);
            back.take(f);
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        echo.get(10, TimeUnit.SECONDS);
        assertThat((double) bytes / rounds).as("bytes allocated per round trip by the waiting side").isLessThan(1.0);
    }

    /**
     * A woken side never finds the monitor still held by the side that woke it: the wake-up comes
     * after the monitor is left, as a {@code Condition}'s at the unlock. Woken inside, it blocked
     * on the monitor in about one round trip of six on two vCPUs (a second sleep and wake-up, and
     * a p50 of 50 µs instead of 4); JFR sees each such block as a {@code jdk.JavaMonitorEnter}.
     */
    @Test
    void aWokenSideFindsTheMonitorFree(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "on one CPU the woken side cannot run while the other holds the monitor: nothing to see");
        LockedBuffer there = new LockedBuffer(1, Frame.largestFrame(8), 1), back = new LockedBuffer(1, Frame.largestFrame(8), 1);
        int rounds = 5_000;
        try (var recording = new jdk.jfr.Recording()) {
            recording.enable("jdk.JavaMonitorEnter").withThreshold(java.time.Duration.ZERO).withStackTrace();
            recording.start();
            var echo = echo(there, back, rounds);
            Frame f = new Frame(8).fillMessage(0, 8);
            for (int i = 0; i < rounds; i++) {
                there.put(f);
                back.take(f);
            }
            echo.get(10, TimeUnit.SECONDS);
            recording.stop();
            java.nio.file.Path file = dir.resolve("monitors.jfr");
            recording.dump(file);
            long blocked = jdk.jfr.consumer.RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getClass("monitorClass") != null && e.getClass("monitorClass").getName().equals(LockedBuffer.class.getName()))
                    .count();
            assertThat(blocked).as("entries that blocked on a buffer's monitor, in %d round trips", rounds).isLessThan(rounds / 100);
        }
    }

    /** The other side of a ping-pong, on a platform thread of its own (a daemon): takes from {@code there}, puts into {@code back}. */
    private static CompletableFuture<Void> echo(LockedBuffer there, LockedBuffer back, int rounds) {
        return CompletableFuture.runAsync(() -> {
            Frame f = new Frame(8);
            try {
                for (int i = 0; i < rounds; i++) {
                    there.take(f);
                    back.put(f);
                }
            } catch (InterruptedIOException e) {
                throw new RuntimeException(e);
            }
        }, task -> Thread.ofPlatform().daemon().start(task));
    }

    /** A writer on a thread of its own (a daemon: one stuck by a bug must not keep the JVM): messages 0 to n - 1, 40 bytes each. */
    private static CompletableFuture<Void> send(LockedBuffer buffer, Frame f, int messages) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (long s = 0; s < messages; s++) {
                    f.fillMessage(s, 40).stampSendTime(s);
                    buffer.put(f);
                }
            } catch (InterruptedIOException e) {
                throw new RuntimeException(e);
            }
        }, task -> Thread.ofPlatform().daemon().start(task));
    }
}
