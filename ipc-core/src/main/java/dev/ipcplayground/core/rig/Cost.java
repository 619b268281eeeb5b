package dev.ipcplayground.core.rig;

/**
 * What the measured phase cost one side, as totals. The report divides by the message count.
 *
 * @param userNanos            CPU time of the messaging thread in user space
 * @param systemNanos          CPU time of the messaging thread in the kernel (system calls, faults)
 * @param processCpuNanos      CPU time of the whole JVM, user and system, all threads (JIT, GC ...)
 * @param voluntarySwitches    times the messaging thread went to sleep (blocked in the kernel)
 * @param involuntarySwitches  times the scheduler took the CPU away from it (preempted)
 * @param allocatedBytes       heap bytes the messaging thread allocated; about 0, as the hot path allocates nothing;
 *                             -1 where the JVM cannot count them: it keeps no count for a virtual thread
 * @param gcCycles             garbage collections during the phase; 0 when nothing is allocated
 */
public record Cost(long userNanos, long systemNanos, long processCpuNanos,
                   long voluntarySwitches, long involuntarySwitches, long allocatedBytes, long gcCycles) {

    public static final Cost ZERO = new Cost(0, 0, 0, 0, 0, 0, 0);

    public long cpuNanos() {
        return userNanos + systemNanos;
    }

    /** This cost and another together: several processes' sum (an allocation count unknown in either is unknown). */
    public Cost plus(Cost other) {
        return new Cost(userNanos + other.userNanos, systemNanos + other.systemNanos, processCpuNanos + other.processCpuNanos,
                voluntarySwitches + other.voluntarySwitches, involuntarySwitches + other.involuntarySwitches,
                allocatedBytes < 0 || other.allocatedBytes < 0 ? -1 : allocatedBytes + other.allocatedBytes,
                gcCycles + other.gcCycles);
    }

    /** This snapshot minus an earlier one: the cost of what happened in between. */
    public Cost since(Cost before) {
        return new Cost(userNanos - before.userNanos, systemNanos - before.systemNanos,
                processCpuNanos - before.processCpuNanos, voluntarySwitches - before.voluntarySwitches,
                involuntarySwitches - before.involuntarySwitches,
                allocatedBytes < 0 || before.allocatedBytes < 0 ? -1 : allocatedBytes - before.allocatedBytes,
                gcCycles - before.gcCycles);
    }
}
