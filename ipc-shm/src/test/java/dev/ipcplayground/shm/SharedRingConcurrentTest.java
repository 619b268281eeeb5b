package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.Verifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ring with a writer thread and a reader thread, as fast as they go: every wait strategy,
 * sizes that do and do not divide the ring, many laps around it, and every frame verified.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS) // each test takes well under a second; a lost wake-up would hang it
class SharedRingConcurrentTest {

    private static final long CAPACITY = 4096;
    private static final int MESSAGES = 20_000;

    @ParameterizedTest(name = "{0}, {1}-byte payloads")
    @CsvSource({"BLOCK, 0", "BLOCK, 61", "BLOCK, 1000", "SPIN, 0", "SPIN, 61", "SPIN, 1000",
            "HYBRID, 0", "HYBRID, 61", "HYBRID, 1000"})
    void everyRecordArrivesOnceInOrderAndIntact(WaitStrategy wait, int size) throws Exception {
        try (RingFixture f = new RingFixture(CAPACITY, wait, Frame.HEADER_BYTES + size, ProcessHandle.current().pid())) {
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
            assertThat(f.tail()).isEqualTo(f.head()).isGreaterThan(5 * CAPACITY);
        }
    }

    /**
     * --wait hybrid, forced to park: the reader finds the ring empty for longer than it spins,
     * announces that it sleeps (the ring's "reader parked" word) and sleeps on the semaphore; the
     * writer, seeing the announcement, posts it, and the record arrives.
     */
    @Test
    void aHybridReaderThatFindsNothingParksAndIsWokenByTheWriter() throws Exception {
        try (RingFixture f = new RingFixture(CAPACITY, WaitStrategy.HYBRID, 100, ProcessHandle.current().pid())) {
            byte[] out = new byte[200];
            var read = CompletableFuture.supplyAsync(() -> {
                try {
                    return f.reader.poll(out);
                } catch (java.io.IOException e) {
                    throw new RuntimeException(e);
                }
            }, command -> Thread.ofPlatform().start(command));
            while (f.ring.get(java.lang.foreign.ValueLayout.JAVA_INT, RingLayout.READER_PARKED_OFFSET) == 0) {
                Thread.onSpinWait(); // the reader spins for 50 µs, then parks
            }
            assertThat(read).as("parked, not finished").isNotDone();
            f.writer.offer(new byte[100], 100);

            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(100);
            assertThat(f.ring.get(java.lang.foreign.ValueLayout.JAVA_INT, RingLayout.READER_PARKED_OFFSET)).as("awake again").isZero();
        }
    }
}
