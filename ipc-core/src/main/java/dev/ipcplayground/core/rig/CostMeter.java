package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.os.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import com.sun.management.ThreadMXBean;

/**
 * Reads what the kernel and the JVM have counted so far, at the start and the end of the
 * measured phase.
 *
 * <p>{@code getrusage(RUSAGE_THREAD)} gives the calling thread's CPU time and its context
 * switches: voluntary ones (it blocked, e.g. in {@code read} or {@code futex}) and involuntary
 * ones (it was preempted). Per thread, because a JVM's other threads (JIT compilers, GC) would
 * blur the one that does the messaging; and not {@code /proc/self/status}, which counts the
 * process's first thread, which in a JVM only waits for {@code main} to end. The JVM's total CPU
 * comes from {@code getrusage(RUSAGE_SELF)}; heap bytes allocated by the thread and GC cycles from
 * the JVM's MXBeans.
 *
 * <p>Must be used on the messaging thread. Reading allocates (MXBean lists), so it happens only
 * at phase boundaries, never per message.
 */
public final class CostMeter {

    private final MemorySegment usage = Arena.ofAuto().allocate(Libc.RUSAGE_BYTES, 8);
    private final long[] fields = new long[(int) (Libc.RUSAGE_BYTES / 8)];
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * More calls than the JDK makes of a method handle before it customizes the handle's lambda
     * form for it (127, {@code java.lang.invoke.MethodHandle.CUSTOMIZE_THRESHOLD}), spinning
     * bytecode and allocating some 70 KB. The warm-up calls the meter only once per check, so the
     * 128th call could fall at the start of the measured phase: {@code --allocations} caught it
     * there, as {@code Libc.getrusage}'s garbage in a pipe run (3.45 B/msg over 20k messages).
     */
    private static final int PAST_CUSTOMIZATION = 200;

    public CostMeter() {
        // The first call links the native calls and loads classes; the rest get the customization over with.
        for (int i = 0; i < PAST_CUSTOMIZATION; i++) {
            now();
        }
    }

    public Cost now() {
        long allocated = threads.getCurrentThreadAllocatedBytes(); // first: the rest allocates a little
        Libc.getrusage(Libc.RUSAGE_SELF, usage);
        long process = timeval(Libc.RU_UTIME) + timeval(Libc.RU_STIME);
        Libc.getrusage(Libc.RUSAGE_THREAD, usage);
        return new Cost(timeval(Libc.RU_UTIME), timeval(Libc.RU_STIME), process,
                field(Libc.RU_NVCSW), field(Libc.RU_NIVCSW), allocated, gcCycles());
    }

    /*
     * The struct is copied out in bulk and read as a Java array. Read field by field from native
     * memory, it would be the first native read of a run whose hot path reads only Java arrays,
     * and the JIT would throw away its compiled unaligned-read helper, which it had specialised
     * for arrays, right as the measured phase starts.
     */
    private long field(long offset) {
        MemorySegment.copy(usage, ValueLayout.JAVA_LONG, 0, fields, 0, fields.length);
        return fields[(int) (offset / 8)];
    }

    private long timeval(long offset) {
        return field(offset) * 1_000_000_000L + field(offset + 8) * 1_000L;
    }

    private long gcCycles() {
        long n = 0;
        for (GarbageCollectorMXBean c : collectors) {
            n += Math.max(0, c.getCollectionCount());
        }
        return n;
    }
}
