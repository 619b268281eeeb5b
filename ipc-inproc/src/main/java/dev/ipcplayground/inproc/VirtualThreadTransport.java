package dev.ipcplayground.inproc;

import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.RunContext;
import java.util.List;

/**
 * Two virtual threads in one JVM, on one carrier thread. A virtual thread is a continuation the
 * JDK schedules itself: when it waits on the locked buffer it unmounts from its carrier (its stack
 * frames are copied to the heap) and the other virtual thread mounts, all in user space. With one
 * carrier no kernel context switch happens at all: look at the "sleeps" column.
 */
public final class VirtualThreadTransport extends OneJvm {

    @Override
    public String name() {
        return "vthread";
    }

    @Override
    public String description() {
        return "the same with two virtual threads on one carrier thread";
    }

    /** One carrier: both sides take turns on one kernel thread, whose CPU both lines then show. */
    @Override
    public List<String> childJvmOptions() {
        return List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1");
    }

    @Override
    public String cannotPinApart() {
        return "its two sides take turns on one carrier thread";
    }

    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        return ManyProducers.as("a virtual thread per producer, all on the one carrier, putting into one locked buffer;"
                + " a reply buffer per producer");
    }

    @Override
    public boolean oneKernelThread() {
        return true;
    }

    @Override
    public Results runBoth(RunContext run) throws Exception {
        return ThreadPair.run(run, Thread.ofVirtual().name("side-", 0).factory());
    }
}
