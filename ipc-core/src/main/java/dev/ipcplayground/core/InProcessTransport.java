package dev.ipcplayground.core;

import dev.ipcplayground.core.rig.SideResult;

/**
 * A transport whose two sides share one JVM: two threads, two virtual threads, or one thread
 * taking turns. The launcher starts a single child, which calls {@link #runBoth}; the transport
 * decides how the producer's and the consumer's rigs are run, since that is the whole lesson.
 *
 * @implSpec {@code runBoth} runs a {@link dev.ipcplayground.core.rig.ProducerRig} and a
 * {@link dev.ipcplayground.core.rig.ConsumerRig}, exactly as two processes would, and returns
 * their results.
 */
public interface InProcessTransport extends Transport {

    /** The results of both sides: each producer's (one, or {@code --producers N}), and the consumer's. */
    record Results(java.util.List<SideResult> producers, SideResult consumer) {
        /** One producer and the consumer. */
        public Results(SideResult producer, SideResult consumer) {
            this(java.util.List.of(producer), consumer);
        }
    }

    Results runBoth(RunContext run) throws Exception;

    /**
     * Whether all sides run on one kernel thread (a coroutine; virtual threads on one carrier):
     * then each side's CPU and switches, measured per kernel thread, are that one thread's, and a
     * report that adds up the producers' would count it once per producer.
     */
    default boolean oneKernelThread() {
        return false;
    }

    /**
     * Whether {@code --pin apart} can put its two sides on two CPUs: only if they are two kernel
     * threads, each pinned on its own ({@code sched_setaffinity}); the JVM as a whole is not pinned.
     * Otherwise the reason it cannot, for the user.
     */
    default String cannotPinApart() {
        return "its two sides share one thread";
    }

    @Override
    default Topology topology(RunSpec spec) {
        return Topology.IN_PROCESS;
    }
}
