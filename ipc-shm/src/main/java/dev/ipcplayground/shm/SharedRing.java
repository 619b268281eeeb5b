package dev.ipcplayground.shm;

import static dev.ipcplayground.shm.RingLayout.DATA_OFFSET;
import static dev.ipcplayground.shm.RingLayout.HEAD_OFFSET;
import static dev.ipcplayground.shm.RingLayout.READER_PARKED_OFFSET;
import static dev.ipcplayground.shm.RingLayout.RECORD_HEADER_BYTES;
import static dev.ipcplayground.shm.RingLayout.TAIL_OFFSET;
import static dev.ipcplayground.shm.RingLayout.WRITER_PARKED_OFFSET;

import dev.ipcplayground.core.PeerProcess;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A single-producer, single-consumer ring of variable-length records in shared memory (layout:
 * {@link RingLayout}). One process writes, the other reads; each side uses only its own half of
 * this class.
 *
 * <p>No lock and no system call is needed to move a record: the writer copies the record into
 * the data, then publishes it by storing the new tail with <em>release</em> semantics; the
 * reader loads the tail with <em>acquire</em> semantics, and is thereby guaranteed to see every
 * byte written before that store. The same pair, the other way round, hands the space back
 * through the head. The kernel takes part only when a side must sleep: that is what the
 * semaphores and the {@link WaitStrategy} are about.
 */
final class SharedRing {

    /** How long a hybrid waiter polls before it sleeps: about the cost of one wake-up on a VM. */
    static final long HYBRID_SPIN_NANOS = 50_000;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private enum Need { DATA, ROOM }

    private final MemorySegment ring;
    private final long capacity;
    private final long mask;
    private final WaitStrategy wait;
    /** BLOCK: counts records to read. HYBRID: wakes a parked reader. SPIN: unused (null). */
    private final NamedSemaphore filled;
    /** BLOCK: counts free record slots. HYBRID: wakes a parked writer. SPIN: unused (null). */
    private final NamedSemaphore free;
    private final PeerProcess peer;

    /** This side's own counter: the tail if we write this ring, the head if we read it. Only we store it. */
    private long position;

    SharedRing(MemorySegment ring, long capacity, WaitStrategy wait, NamedSemaphore filled, NamedSemaphore free,
               PeerProcess peer, boolean writer) {
        this.ring = ring;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.wait = wait;
        this.filled = filled;
        this.free = free;
        this.peer = peer;
        this.position = (long) LONG.getVolatile(ring, writer ? TAIL_OFFSET : HEAD_OFFSET);
    }

    // ---- the writer's half --------------------------------------------------------------

    /** Appends one record holding {@code src[0, length)}, waiting for room if the ring is full. */
    void offer(byte[] src, int length) throws IOException {
        long record = RingLayout.recordBytes(length);
        awaitRoom(record);
        long tail = position;
        ring.set(ValueLayout.JAVA_INT, DATA_OFFSET + (tail & mask), length);
        copyIn(src, length, tail + RECORD_HEADER_BYTES);
        position = tail + record;
        LONG.setRelease(ring, TAIL_OFFSET, position); // publish: the record's bytes become visible with the tail
        wakeReader();
    }

    private void awaitRoom(long record) throws IOException {
        switch (wait) {
            case BLOCK -> {
                // One free slot per record: once we hold one, the room is there.
                sleepOn(free, "room in the ring");
                if (!ready(Need.ROOM, record)) {
                    throw new IllegalStateException("the ring has no room although its semaphore granted a slot");
                }
            }
            case SPIN -> {
                while (!ready(Need.ROOM, record)) {
                    idle("room in the ring");
                }
            }
            case HYBRID -> spinThenPark(Need.ROOM, record, free, WRITER_PARKED_OFFSET, "room in the ring");
        }
    }

    private void wakeReader() throws IOException {
        switch (wait) {
            case BLOCK -> filled.post(); // a system call only if the reader sleeps
            case SPIN -> { }
            case HYBRID -> wakeIfParked(filled, READER_PARKED_OFFSET);
        }
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
    int poll(byte[] dst) throws IOException {
        awaitData();
        long head = position;
        int length = ring.get(ValueLayout.JAVA_INT, DATA_OFFSET + (head & mask));
        if (length < 0 || length > dst.length || RingLayout.recordBytes(length) > capacity) {
            throw new IOException("a record in the shared ring claims " + length + " bytes; this run's frames hold at most "
                    + dst.length + ": the ring is corrupt");
        }
        copyOut(head + RECORD_HEADER_BYTES, dst, length);
        position = head + RingLayout.recordBytes(length);
        LONG.setRelease(ring, HEAD_OFFSET, position); // hand the space back to the writer
        wakeWriter();
        return length;
    }

    private void awaitData() throws IOException {
        switch (wait) {
            case BLOCK -> sleepOn(filled, "a message");
            case SPIN -> {
                while (!ready(Need.DATA, 0)) {
                    idle("a message");
                }
            }
            case HYBRID -> spinThenPark(Need.DATA, 0, filled, READER_PARKED_OFFSET, "a message");
        }
    }

    private void wakeWriter() throws IOException {
        switch (wait) {
            case BLOCK -> free.post();
            case SPIN -> { }
            case HYBRID -> wakeIfParked(free, WRITER_PARKED_OFFSET);
        }
    }

    private void copyOut(long at, byte[] dst, int length) {
        long index = at & mask;
        int first = (int) Math.min(length, capacity - index);
        MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, DATA_OFFSET + index, dst, 0, first);
        if (first < length) {
            MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, DATA_OFFSET, dst, first, length - first);
        }
    }

    // ---- waiting ------------------------------------------------------------------------

    /** Is there a record to read, or room for {@code record} bytes? Reads the peer's counter with acquire. */
    private boolean ready(Need need, long record) {
        return need == Need.DATA
                ? (long) LONG.getAcquire(ring, TAIL_OFFSET) != position
                : capacity - (position - (long) LONG.getAcquire(ring, HEAD_OFFSET)) >= record;
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

    /** SPIN: one polite turn of a busy loop (x86 PAUSE), and a look at the watchdog's flag. */
    private void idle(String waitingFor) throws IOException {
        Thread.onSpinWait();
        if (peer.gone()) {
            peer.checkAlive(waitingFor);
        }
    }

    /**
     * HYBRID: poll for a while; if nothing comes, park. Parking is a handshake with the peer (as
     * in Dekker's algorithm): we store "parked", then look at the counter once more; the peer
     * stores its counter, then looks at "parked". With both stores volatile (a full fence
     * between the store and the load), at least one of us sees the other's store, so either we
     * find the record ourselves or the peer posts the semaphore: no lost wake-up.
     */
    private void spinThenPark(Need need, long record, NamedSemaphore semaphore, long parkedOffset, String waitingFor)
            throws IOException {
        long spinUntil = System.nanoTime() + HYBRID_SPIN_NANOS;
        int turns = 0;
        while (!ready(need, record)) {
            idle(waitingFor);
            if ((++turns & 0x3F) == 0 && System.nanoTime() - spinUntil > 0) {
                park(need, record, semaphore, parkedOffset, waitingFor);
                return;
            }
        }
    }

    private void park(Need need, long record, NamedSemaphore semaphore, long parkedOffset, String waitingFor)
            throws IOException {
        INT.setVolatile(ring, parkedOffset, 1);
        try {
            VarHandle.fullFence();
            while (!ready(need, record)) {
                sleepOn(semaphore, waitingFor);
            }
        } finally {
            INT.setVolatile(ring, parkedOffset, 0);
        }
    }

    /** The other half of the handshake: after publishing, post only if the peer said it sleeps. */
    private void wakeIfParked(NamedSemaphore semaphore, long parkedOffset) throws IOException {
        VarHandle.fullFence();
        if ((int) INT.getVolatile(ring, parkedOffset) != 0) {
            semaphore.post();
        }
    }
}
