package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Agrona's ring through our {@link MessageRing}: what our use of it must get right. */
class AgronaRingTest {

    @Test
    void aRecordBehindThePaddingAtTheEndIsFoundByTheSameLook() throws Exception {
        try (RingFixture f = new RingFixture(RingKind.AGRONA, 4096, WaitStrategy.SPIN, 200, ProcessHandle.current().pid())) {
            byte[] out = new byte[200];
            for (int i = 0; i < 20; i++) { // 208-byte records: the 20th meets the end at 3952, with 144 bytes to spare
                assertThat(f.writer.tryOffer(new byte[200], 200)).isTrue();
                assertThat(f.reader.tryPoll(out)).as("record %d", i).isEqualTo(200);
            }
            // The next one needs a padding record at 4160 % 4096 ... the end, then starts at 0.
            for (int i = 0; i < 20; i++) {
                assertThat(f.writer.tryOffer(new byte[200], 200)).isTrue();
                assertThat(f.reader.tryPoll(out)).as("after the wrap, record %d: one look, padding or not", i).isEqualTo(200);
            }
        }
    }

    @Test
    void itsLargestFrameIsAnEighthOfTheRing() {
        assertThat(RingKind.AGRONA.maxFrameBytes(4096)).isEqualTo(512);
        // Off the heap, aligned, as the ring in the mapped file is: over a byte[] Agrona prints that its
        // atomic operations are not safe there ("not correctly aligned by 8").
        assertThat(new org.agrona.concurrent.ringbuffer.OneToOneRingBuffer(new org.agrona.concurrent.UnsafeBuffer(
                org.agrona.BufferUtil.allocateDirectAligned(4096 + (int) RingLayout.TRAILER_BYTES, 64))).maxMsgLength()).isEqualTo(512);
    }
}
