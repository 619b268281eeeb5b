package dev.ipcplayground.inproc;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.InProcessTransport;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;

/**
 * Two platform threads in one JVM: each is a kernel task of its own, scheduled by the kernel. A
 * handoff through the locked buffer wakes the other thread with a {@code futex} call, and the
 * waiting thread sleeps in the kernel: a context switch, but no change of address space.
 */
public final class ThreadTransport implements InProcessTransport {

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public String description() {
        return "two platform threads in one JVM, joined by a bounded buffer with a lock and two conditions";
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return Frame.MAX_PAYLOAD / SIZE_DIVISOR;
    }

    /** Both sides' {@value ThreadPair#SLOTS} slots per buffer live in one heap: keep a slot at most 1 MiB. */
    static final int SIZE_DIVISOR = 1024;

    @Override
    public String limitReason(RunSpec spec) {
        return " (the two buffers hold " + ThreadPair.SLOTS + " preallocated slots each, in one heap)";
    }

    @Override
    public Results runBoth(RunContext run) throws Exception {
        return ThreadPair.run(run, Thread.ofPlatform().name("side-", 0).factory());
    }
}
