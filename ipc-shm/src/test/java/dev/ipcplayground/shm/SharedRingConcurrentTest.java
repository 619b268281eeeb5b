package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.Verifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ring with a writer thread and a reader thread, as fast as they go: every wait strategy,
 * sizes that do and do not divide the ring, many laps around it, and every frame verified.
 */
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
}
