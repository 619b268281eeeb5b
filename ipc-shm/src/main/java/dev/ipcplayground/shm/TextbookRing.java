package dev.ipcplayground.shm;

import static dev.ipcplayground.shm.RingLayout.DATA_OFFSET;
import static dev.ipcplayground.shm.RingLayout.HEAD_OFFSET;
import static dev.ipcplayground.shm.RingLayout.RECORD_HEADER_BYTES;
import static dev.ipcplayground.shm.RingLayout.TAIL_OFFSET;

import dev.ipcplayground.core.PeerProcess;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The textbook ring: a single-producer, single-consumer ring of variable-length records in
 * shared memory (layout: {@link RingLayout}), the first step of the lesson. One process writes,
 * the other reads; each side uses only its own half of this class.
 *
 * <p>No lock and no system call is needed to move a record: the writer copies the record into
 * the data, then publishes it by storing the new tail with <em>release</em> semantics; the
 * reader loads the tail with <em>acquire</em> semantics, and is thereby guaranteed to see every
 * byte written before that store. The same pair, the other way round, hands the space back
 * through the head. The kernel takes part only when a side must sleep: that is what the
 * semaphores and the {@link WaitStrategy} are about. With {@code --wait block} they count, as in
 * the textbook bounded buffer: one the records to read, one the free record slots.
 *
 * <p>What it costs, and what {@link FastRing} does instead: every {@code offer} reads the
 * reader's head and every {@code poll} the writer's tail, each a cache line the other core has
 * just written; every record stores the tail (or head) and wakes the peer; a record that meets
 * the end of the data is split in two.
 */
final class TextbookRing implements MessageRing {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment ring;
    private final long capacity;
    private final long mask;
    private final WaitStrategy wait;
    /** BLOCK: counts records to read. HYBRID: wakes a parked reader. SPIN: unused (null). */
    private final NamedSemaphore filled;
    /** BLOCK: counts free record slots. HYBRID: wakes a parked writer. SPIN: unused (null). */
    private final NamedSemaphore free;
    private final PeerProcess peer;
    /** SPIN and HYBRID: how this side waits and wakes its peer. BLOCK counts on its semaphores instead (null). */
    private final Waiter waiter;
    private final Waiter.Progress roomFound = this::roomFound, recordArrived = this::recordArrived;

    /** This side's own counter: the tail if we write this ring, the head if we read it. Only we store it. */
    private long position;
    /** The writer: the bytes of the record it waits to have room for. */
    private long needed;

    TextbookRing(MemorySegment ring, long capacity, WaitStrategy wait, NamedSemaphore filled, NamedSemaphore free,
                 PeerProcess peer, Waiter waiter, boolean writer) {
        this.ring = ring;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.wait = wait;
        this.filled = filled;
        this.free = free;
        this.peer = peer;
        this.waiter = wait == WaitStrategy.BLOCK ? null : waiter;
        this.position = (long) LONG.getVolatile(ring, writer ? TAIL_OFFSET : HEAD_OFFSET);
    }

    // ---- the writer's half --------------------------------------------------------------

    /** Appends one record holding {@code src[0, length)}, waiting for room if the ring is full. */
    @Override
    public void offer(byte[] src, int length) throws IOException {
        awaitRoom(RingLayout.recordBytes(length));
        write(src, length);
    }

    @Override
    public boolean tryOffer(byte[] src, int length) throws IOException {
        requireNoCounting();
        if (!roomFor(RingLayout.recordBytes(length))) {
            return false;
        }
        write(src, length);
        return true;
    }

    /** The record's bytes, then the tail (release), then the wake-up: room is there. */
    private void write(byte[] src, int length) throws IOException {
        long record = RingLayout.recordBytes(length);
        long tail = position;
        ring.set(ValueLayout.JAVA_INT, DATA_OFFSET + (tail & mask), length);
        copyIn(src, length, tail + RECORD_HEADER_BYTES);
        position = tail + record;
        LONG.setRelease(ring, TAIL_OFFSET, position); // publish: the record's bytes become visible with the tail
        if (wait == WaitStrategy.BLOCK) {
            filled.post(); // a system call only if the reader sleeps
        } else {
            waiter.wakePeer();
        }
    }

    private void awaitRoom(long record) throws IOException {
        if (wait == WaitStrategy.BLOCK) {
            // One free slot per record: once we hold one, the room is there.
            sleepOn(free, "room in the ring");
            if (!roomFor(record)) {
                throw new IllegalStateException("the ring has no room although its semaphore granted a slot");
            }
        } else {
            needed = record;
            waiter.await(roomFound);
        }
    }

    /** Is there room for {@code record} bytes? Reads the reader's head with acquire. */
    private boolean roomFor(long record) {
        return capacity - (position - (long) LONG.getAcquire(ring, HEAD_OFFSET)) >= record;
    }

    private boolean roomFound() {
        return roomFor(needed);
    }

    private void copyIn(byte[] src, int length, long at) {
        long index = at & mask;
        int first = (int) Math.min(length, capacity - index);
        MemorySegment.copy(src, 0, ring, ValueLayout.JAVA_BYTE, DATA_OFFSET + index, first);
        if (first < length) { // the record wraps around: the rest goes to the start of the data
            MemorySegment.copy(src, first, ring, ValueLayout.JAVA_BYTE, DATA_OFFSET, length - first);
        }
    }

    // ---- the reader's half --------------------------------------------------------------

    /**
     * Takes the next record into {@code dst}, waiting for one if the ring is empty.
     *
     * @return the record's length
     * @throws IOException when the record cannot be one the writer wrote (too long for {@code dst})
     */
    @Override
    public int poll(byte[] dst) throws IOException {
        if (wait == WaitStrategy.BLOCK) {
            sleepOn(filled, "a message");
        } else {
            waiter.await(recordArrived);
        }
        return read(dst);
    }

    @Override
    public int tryPoll(byte[] dst) throws IOException {
        requireNoCounting();
        return recordArrived() ? read(dst) : -1;
    }

    /** With --wait block every record must pass through the counting semaphores: no "try" without them. */
    private void requireNoCounting() {
        if (wait == WaitStrategy.BLOCK) {
            throw new UnsupportedOperationException("the textbook ring's --wait block counts every record on its semaphores");
        }
    }

    /** The record's bytes out, then the head (release), then the wake-up: a record is there. */
    private int read(byte[] dst) throws IOException {
        long head = position;
        int length = ring.get(ValueLayout.JAVA_INT, DATA_OFFSET + (head & mask));
        if (length < 0 || length > dst.length || RingLayout.recordBytes(length) > capacity) {
            throw new IOException("a record in the shared ring claims " + length + " bytes; this run's frames hold at most "
                    + dst.length + ": the ring is corrupt");
        }
        copyOut(head + RECORD_HEADER_BYTES, dst, length);
        position = head + RingLayout.recordBytes(length);
        LONG.setRelease(ring, HEAD_OFFSET, position); // hand the space back to the writer
        if (wait == WaitStrategy.BLOCK) {
            free.post();
        } else {
            waiter.wakePeer();
        }
        return length;
    }

    /** Is there a record to read? Reads the writer's tail with acquire. */
    private boolean recordArrived() {
        return (long) LONG.getAcquire(ring, TAIL_OFFSET) != position;
    }

    private void copyOut(long at, byte[] dst, int length) {
        long index = at & mask;
        int first = (int) Math.min(length, capacity - index);
        MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, DATA_OFFSET + index, dst, 0, first);
        if (first < length) {
            MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, DATA_OFFSET, dst, first, length - first);
        }
    }

    /**
     * BLOCK: take one from the semaphore, sleeping while it is zero. If the peer dies, its
     * watchdog posts the semaphore to wake us: so after every wake-up, look whether that is why.
     */
    private void sleepOn(NamedSemaphore semaphore, String waitingFor) throws IOException {
        semaphore.acquire();
        if (peer.gone()) {
            peer.checkAlive(waitingFor);
        }
    }
}
