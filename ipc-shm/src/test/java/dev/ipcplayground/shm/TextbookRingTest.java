package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ring on one thread: records in, the same records out, wrapping around the end. */
class TextbookRingTest {

    private static final long CAPACITY = 4096;

    @Test
    void aRecordComesOutAsItWentIn() throws Exception {
        try (RingFixture f = new RingFixture(CAPACITY, WaitStrategy.SPIN, 100, ProcessHandle.current().pid())) {
            byte[] in = RingFixture.bytes(100, 1), out = new byte[200];
            f.writer.offer(in, 100);

            assertThat(f.tail()).isEqualTo(112); // 8 bytes of record header + 100, padded to 8
            assertThat(f.reader.poll(out)).isEqualTo(100);
            assertThat(Arrays.copyOf(out, 100)).isEqualTo(in);
            assertThat(f.head()).isEqualTo(112);
        }
    }

    @Test
    void emptyRecordsTakeEightBytes() throws Exception {
        try (RingFixture f = new RingFixture(CAPACITY, WaitStrategy.SPIN, 0, ProcessHandle.current().pid())) {
            f.writer.offer(new byte[0], 0);
            assertThat(f.tail()).isEqualTo(8);
            assertThat(f.reader.poll(new byte[10])).isZero();
        }
    }

    @Test
    void recordsThatRunPastTheEndContinueAtTheStart() throws Exception {
        try (RingFixture f = new RingFixture(CAPACITY, WaitStrategy.SPIN, 1000, ProcessHandle.current().pid())) {
            byte[] out = new byte[1000];
            // 1000-byte records are 1008 apart: the fifth one straddles the end of the 4096-byte data
            for (int i = 0; i < 50; i++) {
                byte[] in = RingFixture.bytes(1000, i);
                f.writer.offer(in, 1000);
                assertThat(f.reader.poll(out)).isEqualTo(1000);
                assertThat(out).as("record %d", i).isEqualTo(in);
            }
            assertThat(f.tail()).isEqualTo(50 * 1008L).isGreaterThan(10 * CAPACITY);
        }
    }

    @Test
    void aRecordAsLargeAsTheRingFits() throws Exception {
        int largest = (int) RingKind.TEXTBOOK.maxFrameBytes(CAPACITY);
        try (RingFixture f = new RingFixture(CAPACITY, WaitStrategy.BLOCK, largest, ProcessHandle.current().pid())) {
            byte[] out = new byte[largest];
            for (int i = 0; i < 3; i++) { // the second and third start mid-ring and wrap
                f.writer.offer(new byte[] {1}, 1);
                f.reader.poll(out);
                byte[] in = RingFixture.bytes(largest, i);
                f.writer.offer(in, largest);
                assertThat(f.reader.poll(out)).isEqualTo(largest);
                assertThat(out).isEqualTo(in);
            }
        }
    }

    @Test
    void aRecordLongerThanTheReadersBufferIsReportedAsCorruption() throws Exception {
        try (RingFixture f = new RingFixture(CAPACITY, WaitStrategy.SPIN, 100, ProcessHandle.current().pid())) {
            f.writer.offer(RingFixture.bytes(100, 0), 100);
            assertThatThrownBy(() -> f.reader.poll(new byte[50]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("claims 100 bytes").hasMessageContaining("at most 50");
        }
    }

    @Test
    void aReaderWhosePeerDiedStopsWaitingAndSaysWhy() throws Exception {
        Process peer = new ProcessBuilder("sleep", "60").start();
        try (RingFixture f = new RingFixture(CAPACITY, WaitStrategy.BLOCK, 100, peer.pid())) {
            peer.destroyForcibly();
            peer.waitFor(5, TimeUnit.SECONDS);

            assertThatThrownBy(() -> f.reader.poll(new byte[100]))
                    .isInstanceOf(IOException.class)
                    .hasMessage("the producer (pid " + peer.pid() + ") is gone: it died while this side waited for a message");
        }
    }

    @Test
    void aSpinningWriterWhosePeerDiedStopsWaiting() throws Exception {
        Process peer = new ProcessBuilder("sleep", "60").start();
        try (RingFixture f = new RingFixture(CAPACITY, WaitStrategy.SPIN, 2000, peer.pid())) {
            f.writer.offer(new byte[2000], 2000);
            f.writer.offer(new byte[2000], 2000); // the ring is now full
            peer.destroyForcibly();
            peer.waitFor(5, TimeUnit.SECONDS);

            assertThatThrownBy(() -> f.writer.offer(new byte[2000], 2000))
                    .hasMessageContaining("is gone").hasMessageContaining("room in the ring");
        }
    }
}
