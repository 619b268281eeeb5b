package dev.ipcplayground.launcher.report;

import dev.ipcplayground.core.rig.Cost;
import dev.ipcplayground.core.rig.SideResult;

/**
 * What one side spent per measured message.
 *
 * @param pid                            the child's process id
 * @param cpuNanosPerMessage             CPU time of the messaging thread, user + system
 * @param systemNanosPerMessage          the part of it spent in the kernel
 * @param processCpuNanosPerMessage      CPU time of the whole JVM (all threads)
 * @param voluntarySwitchesPerMessage    sleeps of the messaging thread (it blocked)
 * @param involuntarySwitchesPerMessage  preemptions of the messaging thread
 * @param allocatedBytesPerMessage       heap bytes the messaging thread allocated (0 on the hot path)
 * @param gcCycles                       garbage collections in the measured phase (should be 0)
 * @param jitMillisWhileMeasuring        milliseconds the side's JIT compiled during the measured phase (should be 0)
 * @param messagingThreadCpus            the CPUs its messaging thread was allowed, e.g. {@code 0}
 * @param jvmCpus                        the CPUs the rest of its JVM was allowed (JIT, GC), e.g. {@code 1}
 */
public record SideCost(long pid, double cpuNanosPerMessage, double systemNanosPerMessage,
                       double processCpuNanosPerMessage, double voluntarySwitchesPerMessage,
                       double involuntarySwitchesPerMessage, double allocatedBytesPerMessage, long gcCycles,
                       long jitMillisWhileMeasuring, String messagingThreadCpus, String jvmCpus) {

    public static SideCost of(SideResult side) {
        Cost cost = side.cost();
        double n = Math.max(1, side.messages());
        return new SideCost(side.pid(), round(cost.cpuNanos() / n), round(cost.systemNanos() / n),
                round(cost.processCpuNanos() / n), round(cost.voluntarySwitches() / n),
                round(cost.involuntarySwitches() / n), round(cost.allocatedBytes() / n), cost.gcCycles(),
                side.warmup().jitMillisWhileMeasuring(), side.placement().messagingThread(), side.placement().restOfJvm());
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
