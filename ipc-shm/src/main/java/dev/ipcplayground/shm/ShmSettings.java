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
 * @param producers how many producers the consumer serves (--producers)
 * @param oneRing whether many producers write one request ring, rather than a ring each (--fan-in)
 */
record ShmSettings(WaitStrategy strategy, long capacity, RingKind ring, int producers, boolean oneRing) {

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

    static final TransportOption FAN_IN = TransportOption.choice("fan-in",
            "with --producers above 1, how their requests meet the consumer: a ring per producer, polled in turn "
                    + "(ring-each, the default of --ring fast), or one ring that all write, claiming space with a CAS on its "
                    + "tail (one-ring, the default of --ring agrona)", null, "ring-each", "one-ring");

    /** This run's settings, checked (or their defaults, where not given). */
    static ShmSettings of(RunSpec spec) {
        RingKind ring = TransportOption.constant(RingKind.class, RING.valueIn(spec));
        String fanIn = FAN_IN.valueIn(spec);
        return new ShmSettings(TransportOption.constant(WaitStrategy.class, WAIT.valueIn(spec)), Long.parseLong(RING_SIZE.valueIn(spec)),
                ring, spec.producers(), fanIn == null ? ring == RingKind.AGRONA : fanIn.equals("one-ring"));
    }

    /** The {@code --fan-in} a run of many producers uses, given or by its ring: the report names it. */
    String fanIn() {
        return oneRing ? "one-ring" : "ring-each";
    }

    /*
     * Which ring of the file carries what. One producer: ring 0 the requests, ring 1 the replies.
     * Many, --fan-in ring-each: a ring per producer each way, requests of producer i in ring 2i,
     * its replies in 2i + 1. Many, --fan-in one-ring: one request ring that all write (ring 0),
     * and producer i's replies in ring i + 1.
     */

    /** Whether every producer writes one request ring (Agrona's ManyToOneRingBuffer, or the fast ring's CAS claim). */
    boolean sharedRequests() {
        return oneRing && producers > 1;
    }

    /** How many rings the file holds. */
    int rings() {
        return sharedRequests() ? 1 + producers : 2 * producers;
    }

    /** The ring producer {@code producer} writes its requests into. */
    int requestRing(int producer) {
        return sharedRequests() ? 0 : 2 * producer;
    }

    /** The ring the consumer writes producer {@code producer}'s replies into. */
    int replyRing(int producer) {
        return sharedRequests() ? producer + 1 : 2 * producer + 1;
    }

    /** Whether the consumer reads its requests from this ring: the rest carry replies. */
    boolean isRequestRing(int ring) {
        return sharedRequests() ? ring == 0 : ring % 2 == 0;
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

    /**
     * A ring's semaphore, "filled" or "free", named after the run: with one producer
     * {@code req-filled} ... {@code rep-free}, with many {@code r5-filled} for ring 5.
     */
    String semaphore(RunContext run, int ring, String which) {
        return run.objectName((producers == 1 ? (ring == 0 ? "req-" : "rep-") : "r" + ring + "-") + which);
    }

    /** Every semaphore of the run (none with --wait spin): each ring's "filled" and "free". */
    java.util.List<String> semaphores(RunContext run) {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (strategy != WaitStrategy.SPIN) {
            for (int r = 0; r < rings(); r++) {
                names.add(semaphore(run, r, "filled"));
                names.add(semaphore(run, r, "free"));
            }
        }
        return names;
    }
}
