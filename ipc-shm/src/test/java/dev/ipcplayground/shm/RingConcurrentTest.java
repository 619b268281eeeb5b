package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.Verifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each ring with a writer thread and a reader thread, as fast as they go: every ring, every wait
 * strategy, sizes that do and do not divide the ring, many laps around it, every frame verified.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS) // each test takes well under a second; a lost wake-up would hang it
class RingConcurrentTest {

    private static final long CAPACITY = 4096;
    private static final int MESSAGES = 20_000;

    @ParameterizedTest(name = "{0} ring, {1}, {2}-byte payloads")
    @CsvSource({"TEXTBOOK, BLOCK, 0", "TEXTBOOK, BLOCK, 61", "TEXTBOOK, BLOCK, 1000", "TEXTBOOK, SPIN, 0",
            "TEXTBOOK, SPIN, 61", "TEXTBOOK, SPIN, 1000", "TEXTBOOK, HYBRID, 0", "TEXTBOOK, HYBRID, 61",
            "TEXTBOOK, HYBRID, 1000",
            // the fast ring's largest frame is half the ring, Agrona's an eighth (4096 / 8 = 512 bytes)
            "FAST, BLOCK, 0", "FAST, BLOCK, 61", "FAST, BLOCK, 1000", "FAST, SPIN, 0", "FAST, SPIN, 61",
            "FAST, SPIN, 1000", "FAST, HYBRID, 0", "FAST, HYBRID, 61", "FAST, HYBRID, 1000",
            "AGRONA, BLOCK, 0", "AGRONA, BLOCK, 61", "AGRONA, BLOCK, 450", "AGRONA, SPIN, 0", "AGRONA, SPIN, 61",
            "AGRONA, SPIN, 450", "AGRONA, HYBRID, 0", "AGRONA, HYBRID, 61", "AGRONA, HYBRID, 450"})
    void everyRecordArrivesOnceInOrderAndIntact(RingKind kind, WaitStrategy wait, int size) throws Exception {
        try (RingFixture f = new RingFixture(kind, CAPACITY, wait, Frame.HEADER_BYTES + size, ProcessHandle.current().pid())) {
            var writer = CompletableFuture.runAsync(() -> {
                Frame frame = new Frame(size);
                try {
                    for (long s = 0; s < MESSAGES; s++) {
                        frame.fillMessage(s, size).stampSendTime(s);
                        f.writer.offer(frame.bytes(), frame.length());
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Frame frame = new Frame(size);
            Verifier verifier = new Verifier(size);
            for (int i = 0; i < MESSAGES; i++) {
                f.reader.poll(frame.bytes());
                verifier.accept(frame);
            }
            writer.get(30, TimeUnit.SECONDS);

            Verification v = verifier.finish(MESSAGES);
            assertThat(v.clean()).as(v.problems()).isTrue();
            assertThat(f.head()).as("laps around the ring, handed back").isGreaterThan(4 * CAPACITY);
            if (kind == RingKind.TEXTBOOK) {
                assertThat(f.tail()).isEqualTo(f.head());
            }
        }
    }

    /**
     * --wait hybrid, forced to park: the reader finds the ring empty for longer than it spins,
     * announces that it sleeps (the ring's "reader parked" word) and sleeps on the semaphore; the
     * writer, seeing the announcement, posts it, and the record arrives.
     */
    @ParameterizedTest
    @EnumSource(RingKind.class)
    void aHybridReaderThatFindsNothingParksAndIsWokenByTheWriter(RingKind kind) throws Exception {
        try (RingFixture f = new RingFixture(kind, CAPACITY, WaitStrategy.HYBRID, 100, ProcessHandle.current().pid())) {
            byte[] out = new byte[200];
            var read = CompletableFuture.supplyAsync(() -> {
                try {
                    return f.reader.poll(out);
                } catch (java.io.IOException e) {
                    throw new RuntimeException(e);
                }
            }, command -> Thread.ofPlatform().start(command));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); // a spinning test is not interrupted by @Timeout
            while (f.ring.get(java.lang.foreign.ValueLayout.JAVA_INT, RingLayout.READER_PARKED_OFFSET) == 0
                    && !read.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the reader spins for 50 µs, then parks
            }
            assertThat(read).as("parked, not finished").isNotDone();
            assertThat(f.ring.get(java.lang.foreign.ValueLayout.JAVA_INT, RingLayout.READER_PARKED_OFFSET)).as("parked").isOne();
            f.writer.offer(new byte[100], 100);

            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(100);
            assertThat(f.ring.get(java.lang.foreign.ValueLayout.JAVA_INT, RingLayout.READER_PARKED_OFFSET)).as("awake again").isZero();
        }
    }
}
