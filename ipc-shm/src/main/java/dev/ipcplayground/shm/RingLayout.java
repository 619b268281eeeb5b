package dev.ipcplayground.shm;

/**
 * The bytes of the shared file, described once. Both JVMs map the same file and agree on these
 * offsets; nothing else is shared between them.
 *
 * <pre>
 * The file (in the run directory on /dev/shm, a tmpfs: memory, never disk)
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
 *   | magic | version | unused  | ring capacity | producer pid | consumer pid | ... padding
 *   +-------+---------+---------+---------------+--------------+--------------+
 *
 * One ring (RING_BYTES = 256 + capacity)
 *
 *   0                  8                 128                136              256
 *   +------------------+-----------------+------------------+----------------+---------------------+
 *   | tail (long)      | writer parked   | head (long)      | reader parked  | data: capacity bytes|
 *   | written by the   | (int, hybrid)   | written by the   | (int, hybrid)  | records, wrapping   |
 *   | writer, release  |   ...padding    | reader, release  |  ...padding    | around at the end   |
 *   +------------------+-----------------+------------------+----------------+---------------------+
 *   \______ the writer's 128 bytes ______/\______ the reader's 128 bytes _____/
 *
 * One record (8-byte aligned, so its length word never straddles the end)
 *
 *   0          4          8
 *   +----------+----------+------------------------------+--------+
 *   | length   | unused   | frame: header + payload      | pad to |
 *   | (int)    |          | (length bytes)               | 8      |
 *   +----------+----------+------------------------------+--------+
 *
 * Wrap-around: a record that runs past the end of the data continues at its start.
 *
 *   0                                                                     capacity
 *   |...rest of record 6 |        free         | len | start of record 6... |
 *                        ^ tail & (capacity-1)  ^ head & (capacity-1)
 * </pre>
 *
 * <p>Tail and head are byte positions that only grow (a long does not overflow in this
 * universe's lifetime); a position's place in the data is {@code position & (capacity - 1)}, so
 * the capacity is a power of two. {@code tail - head} is the bytes in use. Each counter has a
 * cache line to itself, 128 bytes apart because x86 prefetches lines in pairs: were the writer's
 * tail and the reader's head on one line, every write by one would evict the line from the
 * other's core ("false sharing").
 */
final class RingLayout {

    static final long MAGIC = 0x4D48534750435049L; // "IPCPGSHM" in little-endian ASCII
    static final int VERSION = 1;

    // The file header
    static final long MAGIC_OFFSET = 0, VERSION_OFFSET = 8, CAPACITY_OFFSET = 16,
            PRODUCER_PID_OFFSET = 24, CONSUMER_PID_OFFSET = 32, HEADER_BYTES = 128;

    // One ring, relative to its start
    static final long TAIL_OFFSET = 0, WRITER_PARKED_OFFSET = 8, HEAD_OFFSET = 128, READER_PARKED_OFFSET = 136,
            DATA_OFFSET = 256;

    // One record
    static final int RECORD_HEADER_BYTES = 8, ALIGNMENT = 8;

    static final long MIN_CAPACITY = 4096, MAX_CAPACITY = 1L << 30, DEFAULT_CAPACITY = 1L << 20;

    private RingLayout() {}

    static long ringBytes(long capacity) {
        return DATA_OFFSET + capacity;
    }

    static long ringOffset(int ring, long capacity) {
        return HEADER_BYTES + ring * ringBytes(capacity);
    }

    static long fileBytes(long capacity) {
        return HEADER_BYTES + 2 * ringBytes(capacity);
    }

    /** Bytes a record of a {@code frameLength}-byte frame takes in the data, padding included. */
    static long recordBytes(int frameLength) {
        return (RECORD_HEADER_BYTES + frameLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** The largest frame a ring of this capacity carries: one record filling all of it. */
    static long maxFrameBytes(long capacity) {
        return capacity - RECORD_HEADER_BYTES;
    }

    static boolean isValidCapacity(long capacity) {
        return capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY && Long.bitCount(capacity) == 1;
    }
}
