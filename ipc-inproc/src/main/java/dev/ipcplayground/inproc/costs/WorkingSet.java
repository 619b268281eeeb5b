package dev.ipcplayground.inproc.costs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Memory a side touches between handoffs, as {@code lat_ctx} does: it reads one long of every
 * 64-byte cache line, so that the next handoff finds in the caches (and the TLB) only what the
 * other side left of it. Native memory, one block per side, never shared; of size 0, nothing.
 */
final class WorkingSet {

    private static final int LINE = 64;

    private final MemorySegment bytes;
    private final long size;
    private long sum;

    WorkingSet(long size) {
        this.size = size;
        this.bytes = Arena.ofAuto().allocate(Math.max(LINE, size), 4096);
        bytes.fill((byte) 1); // every page made resident before anything is timed
    }

    /** Reads every cache line once. */
    void touch() {
        long s = 0;
        for (long offset = 0; offset < size; offset += LINE) {
            s += bytes.get(ValueLayout.JAVA_LONG, offset);
        }
        sum += s; // kept, so that the JIT cannot drop the reads
    }

    long sum() {
        return sum;
    }
}
