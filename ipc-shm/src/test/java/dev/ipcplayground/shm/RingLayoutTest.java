package dev.ipcplayground.shm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The offsets the code derives from its layouts are the ones the javadoc draws. */
class RingLayoutTest {

    @Test
    void theHeaderIsWhereTheDrawingPutsIt() {
        assertThat(new long[] {RingLayout.MAGIC_OFFSET, RingLayout.VERSION_OFFSET, RingLayout.RING_KIND_OFFSET,
                RingLayout.CAPACITY_OFFSET, RingLayout.PRODUCER_PID_OFFSET, RingLayout.CONSUMER_PID_OFFSET, RingLayout.HEADER_BYTES})
                .containsExactly(0, 8, 12, 16, 24, 32, 128);
    }

    @Test
    void eachCounterHasACacheLinePairOfItsOwn() {
        assertThat(new long[] {RingLayout.TAIL_OFFSET, RingLayout.WRITER_PARKED_OFFSET, RingLayout.HEAD_OFFSET,
                RingLayout.READER_PARKED_OFFSET, RingLayout.DATA_OFFSET}).containsExactly(0, 8, 128, 136, 256);
        assertThat(RingLayout.HEAD_OFFSET - RingLayout.TAIL_OFFSET).isEqualTo(RingLayout.CACHE_LINE_PAIR);
    }

    @Test
    void aRecordIsAlignedToEightBytes() {
        assertThat(RingLayout.recordBytes(0)).isEqualTo(8);
        assertThat(RingLayout.recordBytes(1)).isEqualTo(16);
        assertThat(RingLayout.recordBytes(88)).isEqualTo(96);
        assertThat(RingLayout.TRAILER_BYTES).as("Agrona's trailer").isEqualTo(768);
        assertThat(RingLayout.fileBytes(4096)).isEqualTo(128 + 2 * (256 + 4096 + 768));
    }
}
