package dev.ipcplayground.inproc.costs;

import dev.ipcplayground.core.os.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The note's "compared with threads, the more threads there are, the more coroutines gain": the
 * producer-consumer exchange as pairs of platform threads, of virtual threads (on one carrier, as
 * this JVM runs them) and as coroutines (a producer resuming each consumer in turn), at a growing
 * number of pairs and a fixed number of items in all. Each kind's items per second and the
 * process's context switches per item, from {@code getrusage}; the verdict from how the
 * coroutines' lead over platform threads moves with the count.
 */
final class Scaling {

    /** One kind at one count: items per second and the kernel's context switches per item. */
    record Point(double itemsPerSecond, double switchesPerItem) { }

    private Scaling() {}

    static List<Claim> claims(int[] pairCounts, long itemsInAll) throws Exception {
        // warm: every kind compiled before it counts
        MultiCore.pairs(Thread.ofPlatform(), 2, 20_000, 0);
        MultiCore.pairs(Thread.ofVirtual(), 2, 20_000, 0);
        Handoffs.onFreshThread(() -> MultiCore.coroutines(2, 20_000, 0));

        String claim = "compared with threads, the more threads, the more coroutines gain (线程数量越多，协程的性能优势就越明显)";
        List<Claim> rows = new ArrayList<>();
        double firstLead = 0;
        int firstCount = 0;
        for (int i = 0; i < pairCounts.length; i++) {
            int pairs = pairCounts[i];
            long each = Math.max(20, itemsInAll / pairs);
            Point platform = measured(pairs, each, () -> MultiCore.pairs(Thread.ofPlatform(), pairs, each, 0));
            Point virtual = measured(pairs, each, () -> MultiCore.pairs(Thread.ofVirtual(), pairs, each, 0));
            Point coroutines = measured(pairs, each, () -> Handoffs.onFreshThread(() -> MultiCore.coroutines(pairs, each, 0)));
            double lead = coroutines.itemsPerSecond() / platform.itemsPerSecond();
            if (i == 0) {
                firstLead = lead;
                firstCount = pairs;
            }
            String detail = String.format(Locale.ROOT, "%,d items per pair, %,d threads of each kind: platform threads %s, virtual "
                            + "threads on one carrier %s, coroutines on one thread %s", each, 2 * pairs, point(platform),
                    point(virtual), point(coroutines));
            String verdict = i < pairCounts.length - 1
                    ? String.format(Locale.ROOT, "coroutines %.1f× platform threads' rate, virtual threads %.1f×", lead,
                            virtual.itemsPerSecond() / platform.itemsPerSecond())
                    : trend(firstLead, firstCount, lead, pairs);
            rows.add(new Claim(String.format(Locale.ROOT, "more threads: %,d pairs", pairs), lead, "×",
                    detail, claim, verdict));
        }
        return rows;
    }

    /** How far the lead has to move between the fewest and the most pairs to count as growing or shrinking: 1.5×. */
    static final double MOVED = 1.5;

    static String trend(double firstLead, int firstCount, double lastLead, int lastCount) {
        String figures = String.format(Locale.ROOT, "coroutines' lead over platform threads %.1f× at %,d pairs, %.1f× at %,d",
                firstLead, firstCount, lastLead, lastCount);
        if (lastLead > firstLead * MOVED) {
            return "agrees: " + figures;
        }
        if (lastLead < firstLead / MOVED) {
            return "disagrees: the lead shrank: " + figures;
        }
        return "disagrees: the lead held, not grew: " + figures;
    }

    private static String point(Point p) {
        return String.format(Locale.ROOT, "%,.0f k items/s and %.2f context switches an item", p.itemsPerSecond() / 1e3,
                p.switchesPerItem());
    }

    private interface Timed {
        long nanos() throws Exception;
    }

    private static Point measured(int pairs, long each, Timed run) throws Exception {
        long before = switches();
        long nanos = run.nanos();
        double items = (double) pairs * each;
        return new Point(items / nanos * 1e9, (switches() - before) / items);
    }

    /** This process's context switches so far, voluntary and not, of all its threads. */
    private static long switches() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment usage = arena.allocate(Libc.RUSAGE_BYTES, 8);
            Libc.getrusage(Libc.RUSAGE_SELF, usage);
            return usage.get(ValueLayout.JAVA_LONG, Libc.RU_NVCSW) + usage.get(ValueLayout.JAVA_LONG, Libc.RU_NIVCSW);
        }
    }
}
