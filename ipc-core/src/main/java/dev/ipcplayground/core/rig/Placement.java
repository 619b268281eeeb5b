package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.os.Libc;
import java.util.BitSet;

/**
 * Where a side ran, as the kernel has it: the CPUs its messaging thread was allowed, and those of
 * the rest of its JVM (JIT compilers, GC, housekeeping), which {@code --pin} keeps apart.
 *
 * @param messagingThread CPU list of the thread that sent and received, e.g. {@code 0}
 * @param restOfJvm       CPU list of the JVM's first thread, which every other JVM thread inherits
 */
public record Placement(String messagingThread, String restOfJvm) {

    /** The calling thread's placement. */
    static Placement ofCallingThread() {
        try {
            return new Placement(cpuList(Libc.affinity(0)), cpuList(Libc.affinity(Libc.getpid())));
        } catch (java.io.IOException e) {
            return new Placement("?", "?");
        }
    }

    /** A CPU set the way {@code taskset --cpu-list} writes it: {@code 0}, {@code 0-3}, {@code 0,2-3}. */
    public static String cpuList(BitSet cpus) {
        StringBuilder list = new StringBuilder();
        for (int from = cpus.nextSetBit(0); from >= 0; from = cpus.nextSetBit(from + 1)) {
            int to = cpus.nextClearBit(from) - 1;
            list.append(list.isEmpty() ? "" : ",").append(from);
            if (to > from) {
                list.append('-').append(to);
            }
            from = to;
        }
        return list.toString();
    }
}
