package dev.ipcplayground.inproc;

import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.RunContext;

/**
 * Two platform threads in one JVM: each is a kernel task of its own, scheduled by the kernel. A
 * handoff through the locked buffer wakes the other thread with a {@code futex} call, and the
 * waiting thread sleeps in the kernel: a context switch, but no change of address space.
 */
public final class ThreadTransport extends OneJvm {

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public String description() {
        return "two platform threads and a bounded buffer with a lock and two conditions";
    }

    /** Two kernel threads: each pins itself (sched_setaffinity) when pinned apart. */
    @Override
    public String cannotPinApart() {
        return null;
    }

    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        return ManyProducers.as("a platform thread per producer, putting into one locked buffer (its lock takes them in turn);"
                + " a reply buffer per producer");
    }

    @Override
    public Results runBoth(RunContext run) throws Exception {
        return ThreadPair.run(run, Thread.ofPlatform().name("side-", 0).factory());
    }
}
