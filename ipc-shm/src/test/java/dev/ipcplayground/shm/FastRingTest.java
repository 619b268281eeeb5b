package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The fast ring: each of its techniques, seen in the ring's bytes. */
@org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.SECONDS) // a ring that never hands back would hang
class FastRingTest {

    private static final long CAPACITY = 4096;

    private static RingFixture fixture(int frameBytes) throws Exception {
        return new RingFixture(RingKind.FAST, CAPACITY, WaitStrategy.SPIN, frameBytes, ProcessHandle.current().pid());
    }

    private static FastRing writer(RingFixture f) {
        return (FastRing) f.writer;
    }

    private static FastRing reader(RingFixture f) {
        return (FastRing) f.reader;
    }

    private static long headerWord(RingFixture f, long position) {
        return f.ring.get(ValueLayout.JAVA_LONG, RingLayout.DATA_OFFSET + (position & (CAPACITY - 1)));
    }

    @Test
    void aRecordIsPublishedByItsHeaderWordAndTheTailIsNeverStored() throws Exception {
        try (RingFixture f = fixture(100)) {
            long at = writer(f).claim(100);
            f.ring.asSlice(at, 100).copyFrom(java.lang.foreign.MemorySegment.ofArray(RingFixture.bytes(100, 3)));
            assertThat(headerWord(f, 0)).as("claimed, not yet committed: the reader sees nothing").isZero();

            writer(f).commit();
            assertThat(headerWord(f, 0)).isEqualTo((long) FastRing.MESSAGE << 32 | 100);
            assertThat(f.tail()).as("no tail: the header word is the publication").isZero();
            byte[] out = new byte[200];
            assertThat(f.reader.poll(out)).isEqualTo(100);
            assertThat(Arrays.copyOf(out, 100)).isEqualTo(RingFixture.bytes(100, 3));
        }
    }

    @Test
    void theReaderVerifiesInPlaceAndHandsBackOncePerBatchZeroingWhatItRead() throws Exception {
        try (RingFixture f = fixture(100)) {
            for (int i = 0; i < 3; i++) {
                f.writer.offer(RingFixture.bytes(100, i), 100);
            }
            FastRing reader = reader(f);
            for (int i = 0; i < 3; i++) {
                long at = reader.peek(200);
                assertThat(reader.peekedLength()).isEqualTo(100);
                assertThat(f.ring.asSlice(at, 100).toArray(ValueLayout.JAVA_BYTE)).as("in place").isEqualTo(RingFixture.bytes(100, i));
                reader.release();
                assertThat(f.head()).as("read %d, the batch still open", i + 1).isZero();
            }
            assertThat(headerWord(f, 0)).as("not yet handed back: not yet zeroed").isNotZero();

            f.writer.offer(RingFixture.bytes(100, 9), 100); // the fourth is there: still the same batch
            reader.poll(new byte[200]);
            assertThat(f.head()).isZero();
            assertThatNothingToRead(f); // caught up: the batch ends

            assertThat(f.head()).isEqualTo(4 * 112);
            assertThat(f.ring.asSlice(RingLayout.DATA_OFFSET, 4 * 112).toArray(ValueLayout.JAVA_BYTE))
                    .as("zeroed before the head moved").containsOnly(0);
            assertThat(reader.facts()).containsEntry("records per batch", "5.0"); // the four, and the one that ended the wait
        }
    }

    /** A reader that finds the ring empty hands back its batch before it waits; here it waits in vain, briefly. */
    private static void assertThatNothingToRead(RingFixture f) throws Exception {
        var poll = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                f.reader.poll(new byte[200]);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (f.head() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(poll).isNotDone();
        f.writer.offer(new byte[0], 0); // let it finish
        poll.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void theWriterReadsTheHeadOnlyWhenItsCacheSaysTheRingIsFull() throws Exception {
        try (RingFixture f = fixture(1000)) {
            byte[] out = new byte[1000];
            for (int i = 0; i < 4; i++) { // 4 records of 1008 bytes fill 4032 of 4096: the cache of head 0 suffices
                f.writer.offer(RingFixture.bytes(1000, i), 1000);
            }
            assertThat(f.writer.facts()).containsEntry("records per head read", "all (never read)");
            for (int i = 0; i < 4; i++) {
                f.reader.poll(out);
            }
            assertThatNothingToRead(f); // hands the four back (and reads the empty record)

            f.writer.offer(RingFixture.bytes(1000, 7), 1000); // needs the room the reader gave back: one read of the head
            assertThat(f.writer.facts()).containsEntry("records per head read", "6.0");
        }
    }

    @Test
    void aRecordThatWouldRunPastTheEndStartsAtZeroAfterAPaddingRecord() throws Exception {
        try (RingFixture f = fixture(1000)) {
            byte[] out = new byte[1000];
            for (int i = 0; i < 50; i++) {
                byte[] in = RingFixture.bytes(1000, i);
                f.writer.offer(in, 1000);
                if (i == 4) {
                    // four records of 1008 end at 4032; the fifth would straddle the end: 64 bytes of padding first
                    assertThat(headerWord(f, 4032)).isEqualTo((long) FastRing.PADDING << 32 | (64 - 8));
                    assertThat(headerWord(f, 0)).isEqualTo((long) FastRing.MESSAGE << 32 | 1000);
                }
                assertThat(f.reader.poll(out)).isEqualTo(1000);
                assertThat(out).as("record %d", i).isEqualTo(in);
            }
        }
    }

    @Test
    void theLargestFrameIsHalfTheRingSoThatItAndItsPaddingAlwaysFit() throws Exception {
        int largest = (int) RingKind.FAST.maxFrameBytes(CAPACITY);
        assertThat(largest).isEqualTo(2048 - 8);
        try (RingFixture f = fixture(largest)) {
            // 100 bytes before each large one, so that the large ones meet the end at many offsets;
            // a writer thread, because the reader hands space back when it finds the ring empty
            var writing = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        f.writer.offer(RingFixture.bytes(100, i), 100);
                        f.writer.offer(RingFixture.bytes(largest, i), largest);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] out = new byte[largest];
            for (int i = 0; i < 40; i++) {
                assertThat(f.reader.poll(out)).isEqualTo(100);
                assertThat(f.reader.poll(out)).isEqualTo(largest);
                assertThat(out).isEqualTo(RingFixture.bytes(largest, i));
            }
            writing.get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aHeaderWordThatIsNeitherAMessageNorAPaddingIsCorruption() throws Exception {
        try (RingFixture f = fixture(100)) {
            f.ring.set(ValueLayout.JAVA_LONG, RingLayout.DATA_OFFSET, 7L << 32 | 100);
            assertThatThrownBy(() -> f.reader.poll(new byte[200]))
                    .isInstanceOf(IOException.class).hasMessageContaining("kind 7").hasMessageContaining("the ring is corrupt");
        }
    }

    @Test
    void aRecordLongerThanThisRunsFramesIsCorruption() throws Exception {
        try (RingFixture f = fixture(100)) {
            f.writer.offer(new byte[300], 300);
            assertThatThrownBy(() -> f.reader.poll(new byte[200]))
                    .isInstanceOf(IOException.class).hasMessageContaining("300 bytes").hasMessageContaining("at most 200");
        }
    }
}
