package dev.ipcplayground.shm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The bytes of the shared file, described once. Both JVMs map the same file and agree on these
 * offsets; nothing else is shared between them.
 *
 * <pre>
 * The file (in the run directory on /dev/shm, a tmpfs: memory, never disk), with one producer;
 * with N, 2N rings (producer i's requests in ring 2i, its replies in 2i + 1), or with one shared
 * request ring ({@code --fan-in one-ring}) N + 1 (ring 0 the requests of all, producer i's replies in i + 1): ShmSettings
 *
 *   0        128                 128+RING_BYTES                128+2*RING_BYTES
 *   +--------+-------------------+-----------------------------+
 *   | header | ring 0: requests  | ring 1: replies             |
 *   |        | producer→consumer | consumer→producer           |
 *   +--------+-------------------+-----------------------------+
 *
 * The header
 *
 *   0       8         12        16              24             32            128
 *   +-------+---------+---------+---------------+--------------+--------------+
 *   | magic | version | ring    | ring capacity | producer pid | consumer pid | ... padding
 *   +-------+---------+---------+---------------+--------------+--------------+
 *                       --ring: 0 textbook, 1 fast, 2 agrona
 *
 * One ring (RING_BYTES = 256 + capacity + 768)
 *
 *   0                  8                 128                136              256                    256+capacity
 *   +------------------+-----------------+------------------+----------------+---------------------+---------+
 *   | tail (long)      | writer parked   | head (long)      | reader parked  | data: capacity bytes| trailer |
 *   | written by the   | (int, hybrid,   | written by the   | (int, hybrid,  | records, wrapping   | (agrona |
 *   | writer, release  | block) ...      | reader, release  | block) ...     | around at the end   |  only)  |
 *   +------------------+-----------------+------------------+----------------+---------------------+---------+
 *   \______ the writer's 128 bytes ______/\______ the reader's 128 bytes _____/
 *
 * The fast ring stores no tail, and Agrona's ring keeps its own tail and head in the trailer,
 * where its OneToOneRingBuffer wants them: right after the data.
 *
 * One record (8-byte aligned, so its header word never straddles the end)
 *
 *   0          4          8
 *   +----------+----------+------------------------------+--------+
 *   | length   | kind     | frame: header + payload      | pad to |
 *   | (int)    | (fast)   | (length bytes)               | 8      |
 *   +----------+----------+------------------------------+--------+
 *
 * Textbook wrap-around: a record that runs past the end of the data continues at its start.
 *
 *   0                                                                     capacity
 *   |...rest of record 6 |        free         | len | start of record 6... |
 *                        ^ tail & (capacity-1)  ^ head & (capacity-1)
 *
 * Fast wrap-around: a padding record (kind 2) fills the rest, and record 6 starts at 0, whole.
 *
 *   0                                                                     capacity
 *   | record 6           |        free         | padding (kind 2)         |
 * </pre>
 *
 * <p>Tail and head are byte positions that only grow (a long does not overflow in this
 * universe's lifetime); a position's place in the data is {@code position & (capacity - 1)}, so
 * the capacity is a power of two. {@code tail - head} is the bytes in use. Each counter has a
 * cache line to itself, 128 bytes apart because x86 prefetches lines in pairs: were the writer's
 * tail and the reader's head on one line, every write by one would evict the line from the
 * other's core ("false sharing").
 *
 * <p>The offsets are not written down twice: they come from {@link #HEADER} and {@link #RING},
 * the drawings above as {@link MemoryLayout}s, padding included; {@code RingLayoutTest} holds
 * them to the drawing.
 */
final class RingLayout {

    static final long MAGIC = 0x4D48534750435049L; // "IPCPGSHM" in little-endian ASCII
    static final int VERSION = 2;

    /** x86 prefetches cache lines in pairs: what two cores write must be this far apart. */
    static final long CACHE_LINE_PAIR = 128;

    /** The file header, as drawn above. */
    static final StructLayout HEADER = MemoryLayout.structLayout(
            JAVA_LONG.withName("magic"),
            JAVA_INT.withName("version"),
            JAVA_INT.withName("ring"),
            JAVA_LONG.withName("ring capacity"),
            JAVA_LONG.withName("producer pid"),
            JAVA_LONG.withName("consumer pid"),
            MemoryLayout.paddingLayout(CACHE_LINE_PAIR - 40));

    /** One ring's two counters, each on a cache-line pair of its own, then the data. */
    static final StructLayout RING = MemoryLayout.structLayout(
            JAVA_LONG.withName("tail"),
            JAVA_INT.withName("writer parked"),
            MemoryLayout.paddingLayout(CACHE_LINE_PAIR - 12),
            JAVA_LONG.withName("head"),
            JAVA_INT.withName("reader parked"),
            MemoryLayout.paddingLayout(CACHE_LINE_PAIR - 12));

    // The file header
    static final long MAGIC_OFFSET = offset(HEADER, "magic"), VERSION_OFFSET = offset(HEADER, "version"),
            RING_KIND_OFFSET = offset(HEADER, "ring"),
            CAPACITY_OFFSET = offset(HEADER, "ring capacity"), PRODUCER_PID_OFFSET = offset(HEADER, "producer pid"),
            CONSUMER_PID_OFFSET = offset(HEADER, "consumer pid"), HEADER_BYTES = HEADER.byteSize();

    // One ring, relative to its start
    static final long TAIL_OFFSET = offset(RING, "tail"), WRITER_PARKED_OFFSET = offset(RING, "writer parked"),
            HEAD_OFFSET = offset(RING, "head"), READER_PARKED_OFFSET = offset(RING, "reader parked"),
            DATA_OFFSET = RING.byteSize();

    // One record
    static final int RECORD_HEADER_BYTES = 8, ALIGNMENT = 8;

    static final long MIN_CAPACITY = 4096, MAX_CAPACITY = 1L << 30, DEFAULT_CAPACITY = 1L << 20;

    private RingLayout() {}

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /** After the data: Agrona's ring keeps its counters there (unused by the others). */
    static final long TRAILER_BYTES = RingBufferDescriptor.TRAILER_LENGTH;

    static long ringBytes(long capacity) {
        return DATA_OFFSET + capacity + TRAILER_BYTES;
    }

    static long ringOffset(int ring, long capacity) {
        return HEADER_BYTES + ring * ringBytes(capacity);
    }

    /** A file of two rings: one producer's requests and replies. */
    static long fileBytes(long capacity) {
        return fileBytes(capacity, 2);
    }

    /** A file of {@code rings} rings (many producers: {@link ShmSettings#rings}). */
    static long fileBytes(long capacity, int rings) {
        return HEADER_BYTES + rings * ringBytes(capacity);
    }

    /** Bytes a record of a {@code frameLength}-byte frame takes in the data, padding included. */
    static long recordBytes(int frameLength) {
        return (RECORD_HEADER_BYTES + frameLength + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
