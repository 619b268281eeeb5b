package dev.ipcplayground.shm;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;

/**
 * The shm transport's settings of one run, and the names and sizes they imply.
 *
 * @param strategy how each side waits (--wait)
 * @param capacity the data bytes of each ring (--ring-size)
 */
record ShmSettings(WaitStrategy strategy, long capacity) {

    static final String WAIT = "wait", RING_SIZE = "ring-size", FILE = "shm.ring";

    static ShmSettings of(RunSpec spec) {
        WaitStrategy wait = WaitStrategy.parse(spec.setting(WAIT, "block"));
        long capacity;
        try {
            capacity = Long.parseLong(spec.setting(RING_SIZE, Long.toString(RingLayout.DEFAULT_CAPACITY)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ring-size must be a number of bytes, got '" + spec.setting(RING_SIZE, "") + "'");
        }
        if (!RingLayout.isValidCapacity(capacity)) {
            throw new IllegalArgumentException("--ring-size must be a power of two from 4k (4096) to 1g (1073741824), got "
                    + capacity);
        }
        return new ShmSettings(wait, capacity);
    }

    /** The largest payload: one record, header and frame header included, filling the whole ring. */
    long maxPayload() {
        return Math.min(RingLayout.maxFrameBytes(capacity) - Frame.HEADER_BYTES, Frame.MAX_PAYLOAD);
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
