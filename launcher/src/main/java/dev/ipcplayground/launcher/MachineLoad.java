package dev.ipcplayground.launcher;

import dev.ipcplayground.core.os.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether anything besides the run used the machine while it ran: the CPU time the kernel counted
 * on all CPUs ({@code /proc/stat}), less what the run's own processes used (the launcher, and its
 * children once reaped: {@code getrusage(RUSAGE_SELF)} and {@code RUSAGE_CHILDREN}), over the
 * wall time; and the share the hypervisor kept for other guests ({@code steal}).
 */
final class MachineLoad {

    /** /proc/stat counts in clock ticks: 100 per second on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** One reading. */
    record Sample(long wallNanos, long busyNanos, long stealNanos, long totalNanos, long ownNanos) { }

    /** What others took between two readings. */
    record Busy(double otherCores, double stealFraction) { }

    private MachineLoad() {}

    static Sample sample() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment usage = arena.allocate(Libc.RUSAGE_BYTES, 8);
            long own = 0;
            for (int who : new int[] {Libc.RUSAGE_SELF, Libc.RUSAGE_CHILDREN}) {
                Libc.getrusage(who, usage);
                own += Libc.timevalNanos(usage, Libc.RU_UTIME) + Libc.timevalNanos(usage, Libc.RU_STIME);
            }
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long user = Long.parseLong(cpu[1]), nice = Long.parseLong(cpu[2]), system = Long.parseLong(cpu[3]),
                    idle = Long.parseLong(cpu[4]), iowait = Long.parseLong(cpu[5]), irq = Long.parseLong(cpu[6]),
                    softirq = Long.parseLong(cpu[7]), steal = Long.parseLong(cpu[8]);
            long busy = user + nice + system + irq + softirq;
            return new Sample(System.nanoTime(), busy * NANOS_PER_TICK, steal * NANOS_PER_TICK,
                    (busy + idle + iowait + steal) * NANOS_PER_TICK, own);
        } catch (IOException | RuntimeException e) {
            return null; // no /proc/stat: no judgement
        }
    }

    /** Others' load from {@code before} to {@code after}; null when either reading failed. */
    static Busy between(Sample before, Sample after) {
        if (before == null || after == null || after.wallNanos() <= before.wallNanos()) {
            return null;
        }
        double wall = after.wallNanos() - before.wallNanos();
        long others = (after.busyNanos() - before.busyNanos()) - (after.ownNanos() - before.ownNanos());
        long total = after.totalNanos() - before.totalNanos();
        return new Busy(Math.max(0, others) / wall, total <= 0 ? 0 : (double) (after.stealNanos() - before.stealNanos()) / total);
    }
}
