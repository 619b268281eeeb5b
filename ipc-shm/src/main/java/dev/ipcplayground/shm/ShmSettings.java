package dev.ipcplayground.shm;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.Quantities;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.TransportOption;

/**
 * The shm transport's settings of one run, and the names and sizes they imply.
 *
 * @param strategy how each side waits (--wait)
 * @param capacity the data bytes of each ring (--ring-size)
 * @param ring which ring carries the records (--ring)
 */
record ShmSettings(WaitStrategy strategy, long capacity, RingKind ring) {

    static final String FILE = "shm.ring";

    static final TransportOption WAIT = TransportOption.choice("wait",
            "how a side waits for its peer: sleep on a semaphore (block), poll (spin), or poll briefly, then sleep (hybrid)",
            WaitStrategy.BLOCK);
    static final TransportOption RING = TransportOption.choice("ring",
            "which ring carries the records: the textbook one, the fast one (header-word publication, cached head, "
                    + "batches, padding at the wrap), or Agrona's OneToOneRingBuffer",
            RingKind.FAST);
    static final TransportOption RING_SIZE = new TransportOption("ring-size", "BYTES",
            "bytes in each ring, a power of two from 4k to 1g; the largest message is this less 32 bytes "
                    + "(textbook), half of it less 32 (fast), an eighth of it less 24 (agrona)",
            () -> Long.toString(RingLayout.DEFAULT_CAPACITY), ShmSettings::ringSize);

    /** This run's settings, checked (or their defaults, where not given). */
    static ShmSettings of(RunSpec spec) {
        return new ShmSettings(TransportOption.constant(WaitStrategy.class, WAIT.valueIn(spec)), Long.parseLong(RING_SIZE.valueIn(spec)),
                TransportOption.constant(RingKind.class, RING.valueIn(spec)));
    }

    private static String ringSize(String given) {
        return Quantities.powerOfTwoBytes("ring-size", given, RingLayout.MIN_CAPACITY, RingLayout.MAX_CAPACITY);
    }

    /** The largest payload: the largest frame one record of this ring carries, less the frame header. */
    long maxPayload() {
        return Math.min(ring.maxFrameBytes(capacity) - Frame.HEADER_BYTES, Frame.MAX_PAYLOAD);
    }

    /**
     * Do the semaphores count (records to read, free slots), as in the textbook bounded buffer?
     * Only the textbook ring's {@code --wait block}; otherwise they carry wake-ups and start at 0.
     */
    boolean countingSemaphores() {
        return strategy == WaitStrategy.BLOCK && ring == RingKind.TEXTBOOK;
    }

    /**
     * Free record slots of a ring for frames of up to {@code frameBytes}: the initial value of its
     * "free" semaphore with --wait block. Holding a slot guarantees room for one such record.
     */
    int slots(int frameBytes) {
        return (int) Math.min(Integer.MAX_VALUE, capacity / RingLayout.recordBytes(frameBytes));
    }

    /** The four semaphores: requests and replies, each with "filled" and "free". */
    static String semaphore(RunContext run, int ring, String which) {
        return run.objectName((ring == 0 ? "req-" : "rep-") + which);
    }
}
