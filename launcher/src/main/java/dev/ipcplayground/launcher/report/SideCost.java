package dev.ipcplayground.launcher.report;

import dev.ipcplayground.core.rig.AllocationSampler;
import dev.ipcplayground.core.rig.Cost;
import dev.ipcplayground.core.rig.SideResult;
import java.util.List;

/**
 * What one side spent per measured message.
 *
 * @param pid                            the child's process id
 * @param cpuNanosPerMessage             CPU time of the messaging thread, user + system
 * @param systemNanosPerMessage          the part of it spent in the kernel
 * @param processCpuNanosPerMessage      CPU time of the whole JVM (all threads)
 * @param voluntarySwitchesPerMessage    sleeps of the messaging thread (it blocked)
 * @param involuntarySwitchesPerMessage  preemptions of the messaging thread
 * @param allocatedBytesPerMessage       heap bytes the messaging thread allocated (0 on the hot path); -1 where the
 *                                       JVM keeps no count (a virtual thread's: {@code --allocations} still samples it)
 * @param gcCycles                       garbage collections in the measured phase (should be 0)
 * @param jitMillisWhileMeasuring        milliseconds the side's JIT compiled during the measured phase (should be 0)
 * @param messagingThreadCpus            the CPUs its messaging thread was allowed, e.g. {@code 0}
 * @param jvmCpus                        the CPUs the rest of its JVM was allowed (JIT, GC), e.g. {@code 1}
 * @param allocations                    with {@code --allocations}: what the messaging thread allocated while
 *                                       measuring, heaviest first; {@code null} when not asked
 */
public record SideCost(long pid, double cpuNanosPerMessage, double systemNanosPerMessage,
                       double processCpuNanosPerMessage, double voluntarySwitchesPerMessage,
                       double involuntarySwitchesPerMessage, double allocatedBytesPerMessage, long gcCycles,
                       long jitMillisWhileMeasuring, String messagingThreadCpus, String jvmCpus,
                       List<AllocationSampler.Allocation> allocations) {

    public SideCost(long pid, double cpuNanosPerMessage, double systemNanosPerMessage, double processCpuNanosPerMessage,
                    double voluntarySwitchesPerMessage, double involuntarySwitchesPerMessage, double allocatedBytesPerMessage,
                    long gcCycles, long jitMillisWhileMeasuring, String messagingThreadCpus, String jvmCpus) {
        this(pid, cpuNanosPerMessage, systemNanosPerMessage, processCpuNanosPerMessage, voluntarySwitchesPerMessage,
                involuntarySwitchesPerMessage, allocatedBytesPerMessage, gcCycles, jitMillisWhileMeasuring, messagingThreadCpus,
                jvmCpus, null);
    }

    /**
     * The least CPU time whose split into user and kernel time means something: the kernel splits
     * a thread's time by where the timer tick found it (every 4 ms at 250 Hz), so a side that ran
     * for a few ticks has a kernel share of 0% or 100% by chance. Below this the split is not
     * reported ({@code systemNanosPerMessage} -1, "n/a"); the CPU time itself stays exact.
     */
    static final long SPLIT_MIN_CPU_NANOS = 200_000_000L;

    public static SideCost of(SideResult side) {
        Cost cost = side.cost();
        double n = Math.max(1, side.messages());
        double system = cost.cpuNanos() < SPLIT_MIN_CPU_NANOS ? -1 : round(cost.systemNanos() / n);
        return new SideCost(side.pid(), round(cost.cpuNanos() / n), system,
                round(cost.processCpuNanos() / n), round(cost.voluntarySwitches() / n),
                round(cost.involuntarySwitches() / n), cost.allocatedBytes() < 0 ? -1 : round(cost.allocatedBytes() / n), cost.gcCycles(),
                side.warmup().jitMillisWhileMeasuring(), side.placement().messagingThread(), side.placement().restOfJvm(),
                side.allocations());
    }

    /**
     * Several producers as one row: their costs added and divided by all their messages. When every
     * side ran on one kernel thread ({@code sameThread} is then the consumer, which ran on it too:
     * coroutines, virtual threads on one carrier), each producer measured that thread only while it
     * measured, and the producers finish at different times; the consumer measured it from when all
     * began to the last message, so its measurement is the thread's, counted once, as in a run of
     * one, where both lines show that thread. The pid, placement and allocations are the first producer's.
     */
    public static SideCost ofAll(List<SideResult> sides, SideResult sameThread) {
        if (sides.size() == 1) {
            return of(sides.getFirst());
        }
        SideResult first = sides.getFirst();
        Cost total = sameThread != null ? sameThread.cost() : sides.stream().map(SideResult::cost).reduce(Cost.ZERO, Cost::plus);
        long messages = sides.stream().mapToLong(SideResult::messages).sum();
        long jit = sides.stream().mapToLong(s -> s.warmup().jitMillisWhileMeasuring()).max().orElse(0);
        return of(new SideResult(first.role(), first.pid(), messages, first.elapsedNanos(), total, "", null, first.facts(),
                new dev.ipcplayground.core.rig.Warmup.Result(first.warmup().messages(), first.warmup().nanos(), first.warmup().end(), jit),
                first.placement(), first.allocations(), 0));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
