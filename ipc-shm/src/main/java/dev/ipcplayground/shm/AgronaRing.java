package dev.ipcplayground.shm;

import static dev.ipcplayground.shm.RingLayout.DATA_OFFSET;

import dev.ipcplayground.core.Faults;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Agrona's {@link OneToOneRingBuffer}, the library our {@link FastRing} learns from, over the same
 * mapped file: its data where ours is, and its trailer (tail, cached head, head, each on lines of
 * their own) in the bytes that follow ({@link RingLayout}). Only the waiting is ours: Agrona's
 * ring never sleeps, so {@code --wait hybrid|block} use the same {@link Waiter} as the fast ring.
 *
 * <p>Used as Agrona is used: {@code tryClaim}, copy the frame in, {@code commit}; {@code read}
 * with a handler that copies it out, one record per call (our endpoint hands the rig one frame
 * at a time), so Agrona zeroes the record and stores its head once per record.
 */
final class AgronaRing implements MessageRing {

    /** Agrona's records carry a type; ours are all frames. */
    private static final int FRAME = 1;

    private final RingBuffer ring;
    private final Waiter waiter;
    private final Waiter.Progress claimed = this::claimed, read = this::read;
    private final MessageHandler copyOut = this::copyOut;

    private final boolean writer;
    /**
     * The reader: records read since it last looked for writers asleep for room. Agrona frees
     * space record by record; waking a sleeping producer for one record's room had producers take
     * turns at sleeping (1.3 sleeps per message, 139 k msg/s at four producers on one ring; 2.5
     * records per sleep for room with a ring each). So the reader looks every {@value #ROOM_BATCH}
     * records, and whenever it finds the ring empty (its last chance before it sleeps itself).
     */
    private int unannounced;
    static final int ROOM_BATCH = 64;
    private int length, index;
    private byte[] dst;
    private long records;

    /**
     * @param manyWriters whether many producers write this ring: then it is Agrona's
     *                    {@link ManyToOneRingBuffer}, whose writers claim space with a CAS on the tail
     */
    AgronaRing(MemorySegment ring, long capacity, Waiter waiter, boolean writer, boolean manyWriters) {
        UnsafeBuffer buffer = new UnsafeBuffer(ring.address() + DATA_OFFSET,
                Math.toIntExact(capacity + RingBufferDescriptor.TRAILER_LENGTH));
        this.ring = manyWriters ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
        this.waiter = waiter;
        this.writer = writer;
    }

    /** Agrona's limit: a record may take an eighth of the ring. */
    static long maxFrameBytes(long capacity) {
        return capacity / 8;
    }

    @Override
    public void offer(byte[] src, int length) throws IOException {
        this.length = length;
        waiter.await(claimed);
        write(src);
    }

    @Override
    public boolean tryOffer(byte[] src, int length) throws IOException {
        this.length = length;
        if (!claimed()) {
            return false;
        }
        write(src);
        return true;
    }

    private boolean claimed() {
        index = ring.tryClaim(FRAME, length);
        return index >= 0;
    }

    private void write(byte[] src) throws IOException {
        Faults.holdingClaim(records + 1); // a test's fault: die here, the claim held (never, unless asked)
        ring.buffer().putBytes(index, src, 0, length);
        ring.commit(index);
        records++;
        waiter.wakePeer();
    }

    @Override
    public int poll(byte[] dst) throws IOException {
        this.dst = dst;
        waiter.await(read);
        return checked();
    }

    @Override
    public int tryPoll(byte[] dst) throws IOException {
        this.dst = dst;
        return read() ? checked() : -1;
    }

    /**
     * One record read, if one is there. Agrona steps over the padding record at the end of the
     * data as part of a read that then returns 0 (it reads no further than the end): so a read
     * that found nothing is tried once more, from offset 0. Without that second look, a reader
     * about to sleep would take the padding for "nothing yet", and sleep on a record that the
     * writer, seeing it awake, did not wake it for.
     */
    private boolean read() throws IOException {
        if (ring.read(copyOut, 1) > 0 || ring.read(copyOut, 1) > 0) {
            return true;
        }
        if (unannounced > 0) { // empty: all it read is room, and a writer may sleep for it
            unannounced = 0;
            waiter.wakePeer();
        }
        return false;
    }

    /** After a record was read: wake the writer if it sleeps, and refuse a record this run cannot have sent. */
    private int checked() throws IOException {
        records++;
        if (++unannounced == ROOM_BATCH) {
            unannounced = 0;
            waiter.wakePeer();
        }
        if (length > dst.length) {
            throw new IOException("a record in the shared ring claims " + length + " bytes; this run's frames hold at most "
                    + dst.length + ": the ring is corrupt");
        }
        return length;
    }

    private void copyOut(int type, MutableDirectBuffer buffer, int at, int length) {
        this.length = type == FRAME ? length : Integer.MAX_VALUE;
        if (this.length <= dst.length) {
            buffer.getBytes(at, dst, 0, length);
        }
    }

    /** Per record, as the fast ring says it: "records per sleep 1.4", not a count of the whole run's sleeps. */
    @Override
    public Map<String, String> facts() {
        return waiter.sleeps() == 0 ? Map.of()
                : Map.of(writer ? "records per sleep for room" : "records per sleep", FastRing.perEach(records, waiter.sleeps()));
    }
}
