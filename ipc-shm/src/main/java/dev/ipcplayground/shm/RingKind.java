package dev.ipcplayground.shm;

import dev.ipcplayground.core.PeerProcess;
import java.lang.foreign.MemorySegment;

/** Which ring carries the records ({@code --ring}): the lesson's three steps, over the same file. */
enum RingKind {
    /** {@link TextbookRing}: tail and head read and stored per record, records split at the wrap. */
    TEXTBOOK {
        @Override
        long maxFrameBytes(long capacity) {
            return capacity - RingLayout.RECORD_HEADER_BYTES;
        }
    },
    /** {@link FastRing}: header-word publication, a cached head, batched hand-back, padding, claim and commit. */
    FAST {
        @Override
        long maxFrameBytes(long capacity) {
            return FastRing.maxFrameBytes(capacity);
        }
    },
    /** {@link AgronaRing}: Agrona's {@code OneToOneRingBuffer}, the anchor. */
    AGRONA {
        @Override
        long maxFrameBytes(long capacity) {
            return AgronaRing.maxFrameBytes(capacity);
        }
    };

    /** The largest frame one record of this ring carries in a ring of {@code capacity} data bytes. */
    abstract long maxFrameBytes(long capacity);

    /** This side's half of one ring of this kind, over {@code ring} (one ring's bytes of the file), one writer and one reader. */
    MessageRing open(MemorySegment ring, long capacity, WaitStrategy wait, NamedSemaphore filled, NamedSemaphore free,
                     PeerProcess peer, boolean writer) {
        return open(ring, capacity, wait, filled, free, peer, Waiter.of(wait, ring, filled, free, peer, writer), writer, false);
    }

    /**
     * This side's half of one ring, waiting with {@code waiter}; {@code manyWriters} when every
     * producer writes it ({@link ShmSettings#sharedRequests}; the textbook ring cannot).
     */
    MessageRing open(MemorySegment ring, long capacity, WaitStrategy wait, NamedSemaphore filled, NamedSemaphore free,
                     PeerProcess peer, Waiter waiter, boolean writer, boolean manyWriters) {
        return switch (this) {
            case TEXTBOOK -> new TextbookRing(ring, capacity, wait, filled, free, peer, waiter, writer);
            case FAST -> new FastRing(ring, capacity, waiter, writer, manyWriters);
            case AGRONA -> new AgronaRing(ring, capacity, waiter, writer, manyWriters);
        };
    }
}
