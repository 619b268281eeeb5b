package dev.ipcplayground.shm;

import static dev.ipcplayground.shm.RingLayout.DATA_OFFSET;
import static dev.ipcplayground.shm.RingLayout.HEAD_OFFSET;
import static dev.ipcplayground.shm.RingLayout.RECORD_HEADER_BYTES;
import static dev.ipcplayground.shm.RingLayout.TAIL_OFFSET;

import dev.ipcplayground.core.Faults;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fast ring: the textbook ring's records and counters, with what industrial rings (Agrona's
 * {@code OneToOneRingBuffer}, Aeron's log buffers) do to move a record with fewer cache lines
 * crossing between the two cores. Each technique saves one of {@link TextbookRing}'s costs:
 *
 * <ol>
 *   <li><b>Publication through the record's own header word.</b> The writer writes the frame,
 *       then stores the record's header (length and kind) with release semantics; the reader
 *       loads that word with acquire semantics and finds 0 until the record is whole. There is
 *       no tail: the reader touches only the record, the lines it must read anyway.
 *   <li><b>A cached head.</b> The writer keeps the last head it read and reads the reader's
 *       counter, a line the other core writes, only when the cache says the ring is full.
 *   <li><b>Batched consumption.</b> The reader hands space back (zeroes what it read, then stores
 *       the head) once per batch: when it has caught up with the writer, or has read a quarter
 *       of the ring. The head's line crosses once per batch, not once per record.
 *   <li><b>A padding record at the wrap.</b> A record that would run past the end of the data is
 *       preceded by a padding record filling the rest, and starts at offset 0: every record is
 *       contiguous, one copy (or none) and never two.
 *   <li><b>Claim and commit.</b> {@link #claim} returns where the frame goes in the ring and
 *       {@link #commit} publishes it; {@link #peek} and {@link #release} do the same for the
 *       reader. A caller can write and read the frame in place; {@link #offer} and {@link #poll}
 *       copy it from and to an array.
 * </ol>
 *
 * <p>Zeroing is what makes the header word safe: the reader must find 0 at a position until the
 * writer has published a record there, in every lap, so it zeroes each batch before handing it
 * back (Agrona does the same on every read). Waiting is the {@link Waiter}'s: spinning, spinning
 * then sleeping, or with {@code --wait block} sleeping at once (the semaphores carry wake-ups,
 * they do not count records).
 *
 * <p><b>Many writers</b> ({@code --fan-in one-ring}). A single writer keeps its tail to itself;
 * writers that share the ring claim space with a compare-and-swap on a tail word in the ring,
 * as Agrona's {@code ManyToOneRingBuffer} does: read the tail, check the room against the cached
 * head, and CAS the tail forward by the record (and the padding before it, at the wrap); a writer
 * that lost the race to another reads the tail again. The record is then the claimer's alone, and
 * it publishes it through its header word as before, so the reader is unchanged: records of
 * several writers are published in any order, and the reader waits at the first one not yet
 * published.
 */
final class FastRing implements MessageRing {

    /** A record's header word: its frame length in the low 32 bits, its kind in the high 32; 0 until published. */
    static final int MESSAGE = 1, PADDING = 2;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment ring;
    private final long capacity, mask;
    private final boolean writer, manyWriters;
    private final Waiter waiter;
    private final Waiter.Progress roomFound = this::roomFound, recordFound = this::recordFound;

    /** This side's own position: the writer's tail or the reader's head. Only we know it. */
    private long position;

    // The writer's state
    /** The reader's head as last read: the writer's view of where the free space ends. */
    private long headCache;
    /** The position of the record claimed, and its frame's length. */
    private long claimed;
    private int claimedLength = -1;
    /** Claims that read the head (the cache said full), and those of them that found the ring full indeed. */
    private long headReads, fullRings;
    /** Many writers: CASes on the tail that lost to another writer's. */
    private long lostRaces;
    private boolean waitingForRoom;
    /** Records this side wrote or read. */
    private long records;

    // The reader's state
    /** The head as last handed back: the reader zeroes and publishes {@code [published, position)} in one go. */
    private long published;
    private int peekedLength = -1;
    private final long batchBytes;
    private long batches;

    FastRing(MemorySegment ring, long capacity, Waiter waiter, boolean writer) {
        this(ring, capacity, waiter, writer, false);
    }

    /** @param manyWriters whether several writers share this ring, claiming with a CAS on its tail word */
    FastRing(MemorySegment ring, long capacity, Waiter waiter, boolean writer, boolean manyWriters) {
        this.ring = ring;
        this.manyWriters = manyWriters;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.batchBytes = capacity / 4;
        this.writer = writer;
        this.waiter = waiter;
        this.position = (long) LONG.getVolatile(ring, HEAD_OFFSET); // the tail is not stored: a new ring starts where the head is
        this.headCache = position;
        this.published = position;
    }

    /**
     * The largest frame: a record of half the ring, so that a record and the padding before it
     * (less than a record) always fit in an empty ring.
     */
    static long maxFrameBytes(long capacity) {
        return capacity / 2 - RECORD_HEADER_BYTES;
    }

    // ---- the writer's half --------------------------------------------------------------

    /**
     * Reserves room for a record of a {@code frameLength}-byte frame, waiting for it if need be,
     * and returns the offset in the ring segment where the frame's bytes go. Nothing is visible
     * to the reader until {@link #commit}.
     */
    long claim(int frameLength) throws IOException {
        claimedLength = frameLength;
        waiter.await(roomFound);
        return DATA_OFFSET + (claimed & mask) + RECORD_HEADER_BYTES;
    }

    /**
     * Room for the record of a {@code claimedLength}-byte frame, and the padding before it if it
     * would run past the end of the data (it then starts again at 0). With room, writes the
     * padding record and sets {@code claimed}.
     */
    private boolean roomFound() {
        return manyWriters ? roomClaimed() : roomFound(position);
    }

    /** One writer: room from {@code tail} on, which is ours alone; claimed at once. */
    private boolean roomFound(long tail) {
        long padding = paddingAt(tail);
        if (!roomFor(tail, padding + RingLayout.recordBytes(claimedLength))) {
            return false;
        }
        position = tail;
        claimFrom(padding);
        return true;
    }

    /** Many writers: room from the shared tail on, claimed by moving the tail past it with a CAS; a lost race tries again. */
    private boolean roomClaimed() {
        while (true) {
            long tail = (long) LONG.getVolatile(ring, TAIL_OFFSET);
            long padding = paddingAt(tail), needed = padding + RingLayout.recordBytes(claimedLength);
            if (!roomFor(tail, needed)) {
                return false;
            }
            if (LONG.compareAndSet(ring, TAIL_OFFSET, tail, tail + needed)) {
                position = tail;
                claimFrom(padding);
                return true;
            }
            lostRaces++;
        }
    }

    /** The padding a record of {@code claimedLength} needs before it at {@code tail}: the rest of the data, if it would run past the end. */
    private long paddingAt(long tail) {
        long toEnd = capacity - (tail & mask);
        return RingLayout.recordBytes(claimedLength) > toEnd ? toEnd : 0;
    }

    /** Is there room for {@code needed} bytes from {@code tail} on? By the cached head first, by the reader's counter only if that says no. */
    private boolean roomFor(long tail, long needed) {
        if (capacity - (tail - headCache) < needed) {
            if (!waitingForRoom) {
                headReads++; // the cache said full: one read of the reader's line (the rest of a wait are not counted)
            }
            headCache = (long) LONG.getAcquire(ring, HEAD_OFFSET);
            if (capacity - (tail - headCache) < needed) {
                if (!waitingForRoom) {
                    fullRings++;
                    waitingForRoom = true;
                }
                return false;
            }
        }
        waitingForRoom = false;
        return true;
    }

    /** The room from {@code position} on is ours: the padding record first, if any, then the record claimed. */
    private void claimFrom(long padding) {
        if (padding > 0) {
            LONG.setRelease(ring, DATA_OFFSET + (position & mask), header(PADDING, (int) (padding - RECORD_HEADER_BYTES)));
            position += padding;
        }
        claimed = position;
    }

    /** Publishes the claimed record: one release store of its header word, then a wake-up if the reader sleeps. */
    void commit() throws IOException {
        LONG.setRelease(ring, DATA_OFFSET + (claimed & mask), header(MESSAGE, claimedLength));
        position = claimed + RingLayout.recordBytes(claimedLength);
        claimedLength = -1;
        records++;
        waiter.wakePeer();
    }

    @Override
    public void offer(byte[] src, int length) throws IOException {
        long at = claim(length);
        Faults.holdingClaim(records + 1); // a test's fault: die here, the claim held (never, unless asked)
        MemorySegment.copy(src, 0, ring, ValueLayout.JAVA_BYTE, at, length);
        commit();
    }

    @Override
    public boolean tryOffer(byte[] src, int length) throws IOException {
        claimedLength = length;
        if (!roomFound()) {
            return false;
        }
        MemorySegment.copy(src, 0, ring, ValueLayout.JAVA_BYTE, DATA_OFFSET + (claimed & mask) + RECORD_HEADER_BYTES, length);
        commit();
        return true;
    }

    private static long header(int kind, int length) {
        return ((long) kind << 32) | (length & 0xFFFF_FFFFL);
    }

    // ---- the reader's half --------------------------------------------------------------

    /**
     * Waits for the next record and returns the offset in the ring segment of its frame, whose
     * length {@link #peekedLength()} then gives; the frame stays there, readable in place, until
     * {@link #release}.
     *
     * @param maxFrame the longest frame this run sends: a header claiming more means the ring is corrupt
     */
    long peek(int maxFrame) throws IOException {
        if (!recordFound()) {
            handBack(); // caught up with the writer: the end of a batch
            waiter.await(recordFound);
        }
        long word = headerWord();
        int kind = (int) (word >>> 32), length = (int) word;
        if (kind != MESSAGE || length < 0 || length > maxFrame) {
            throw new IOException("a record in the shared ring has the header " + Long.toHexString(word) + " (kind " + kind
                    + ", " + length + " bytes); this run's frames hold at most " + maxFrame + ": the ring is corrupt");
        }
        peekedLength = length;
        return DATA_OFFSET + (position & mask) + RECORD_HEADER_BYTES;
    }

    int peekedLength() {
        return peekedLength;
    }

    /** Done with the peeked record: it is handed back with its batch, at once if the batch is a quarter of the ring. */
    void release() throws IOException {
        position += RingLayout.recordBytes(peekedLength);
        peekedLength = -1;
        records++;
        if (position - published >= batchBytes) {
            handBack();
        }
    }

    @Override
    public int poll(byte[] dst) throws IOException {
        return copyOut(peek(dst.length), dst);
    }

    @Override
    public int tryPoll(byte[] dst) throws IOException {
        if (!recordFound()) {
            handBack();
            return -1;
        }
        return poll(dst);
    }

    private int copyOut(long at, byte[] dst) throws IOException {
        int length = peekedLength;
        MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, at, dst, 0, length);
        release();
        return length;
    }

    private long headerWord() {
        return (long) LONG.getAcquire(ring, DATA_OFFSET + (position & mask));
    }

    /**
     * Is a record published at our position? A padding record that fills the rest of the data is
     * stepped over first: the record is at offset 0 (the writer publishes the padding before it).
     */
    private boolean recordFound() {
        long word = headerWord();
        if ((int) (word >>> 32) == PADDING && RECORD_HEADER_BYTES + (long) (int) word == capacity - (position & mask)) {
            position += capacity - (position & mask);
            word = headerWord();
        }
        return word != 0;
    }

    /**
     * Zeroes what was read since the last hand-back, so that the next lap finds 0 in every header
     * word until the writer publishes it, then stores the head (release: the zeros are visible
     * first) and wakes the writer if it sleeps.
     */
    private void handBack() throws IOException {
        if (position == published) {
            return;
        }
        long from = published & mask, bytes = position - published;
        long first = Math.min(bytes, capacity - from);
        zero(DATA_OFFSET + from, first);
        zero(DATA_OFFSET, bytes - first);
        published = position;
        batches++;
        LONG.setRelease(ring, HEAD_OFFSET, position);
        waiter.wakePeer();
    }

    /** Zeroes {@code bytes} (a multiple of 8) from {@code offset}, a word at a time: no slice, no garbage. */
    private void zero(long offset, long bytes) {
        for (long i = 0; i < bytes; i += Long.BYTES) {
            ring.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + i, 0L);
        }
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        if (writer) {
            facts.put("records per head read", headReads == 0 ? "all (never read)" : perEach(records, headReads));
            if (fullRings > 0) {
                facts.put("records per full ring", perEach(records, fullRings));
            }
            if (manyWriters) {
                facts.put("records per lost CAS race", lostRaces == 0 ? "all (none lost)" : perEach(records, lostRaces));
            }
        } else {
            facts.put("records per batch", batches == 0 ? "none handed back" : perEach(records, batches));
        }
        if (waiter.sleeps() > 0) {
            facts.put(writer ? "records per sleep for room" : "records per sleep", perEach(records, waiter.sleeps()));
        }
        return facts;
    }

    /** "1.4": how many {@code things} per event, to one decimal, as the rings' facts give them. */
    static String perEach(long things, long events) {
        return String.format(java.util.Locale.ROOT, "%.1f", (double) things / events);
    }
}
