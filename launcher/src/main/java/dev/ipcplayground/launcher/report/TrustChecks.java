package dev.ipcplayground.launcher.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's numbers cannot be trusted, said in words next to them. Each check looks at what
 * was measured, never at what was hoped for.
 */
public final class TrustChecks {

    /** Other processes using more than this many cores on average make the run's figures suspect. */
    static final double BUSY_CORES = 0.25;
    /** More than this share of CPU time taken by the hypervisor (steal) does too. */
    static final double STEAL = 0.05;
    /** A rate run that delivered less than this share of the asked rate did not run at that rate. */
    static final double RATE_REACHED = 0.95;
    /** Heap bytes per message above this are garbage of the hot path (the rigs' own noise is well under 0.1). */
    static final double GARBAGE_BYTES = 1;
    /**
     * Compilation while measuring for less than this share of the measured phase's wall time cannot
     * move its figures (a millisecond of it in a second): not said.
     */
    static final double JIT_SHARE = 0.01;

    private TrustChecks() {}

    /**
     * @param run          the run
     * @param cores        the CPUs the run's processes could use (1 when pinned to one)
     * @param otherCores   cores other processes used on average during the run, or a negative number if unknown
     * @param steal        the hypervisor's share of CPU time during the run
     */
    public static List<String> of(RunResult run, int cores, double otherCores, double steal) {
        return of(run, run.transport(), cores, otherCores, steal, run.producers() + 1);
    }

    /**
     * The same, each warning naming the run as {@code label} does: "shm --ring agrona" in a
     * comparison; {@code kernelThreads} is how many kernel threads carried its sides (one per
     * side, but one in all for a coroutine or virtual threads on one carrier).
     */
    public static List<String> of(RunResult run, String label, int cores, double otherCores, double steal, int kernelThreads) {
        List<String> warnings = new ArrayList<>();
        String name = label + (run.producers() > 1 ? " ×" + run.producers() : "") + " " + Units.bytes(run.messageSize())
                + (run.repeat() > 1 ? " (repeat " + run.repeat() + ")" : "");
        int spinners = spinners(run);
        double free = cores - Math.max(0, otherCores);
        // A core counts as free unless other processes took more of it than the busy-machine threshold:
        // 1.99 free cores is two, with a hundredth of background noise (which spinning survives).
        if (spinners > 0 && spinners > Math.floor(free + BUSY_CORES)) {
            warnings.add(String.format("%s: %d spinning sides but %s free core%s: a spinner holds its CPU until preempted, "
                            + "so its peer waits a time slice; these latencies measure the scheduler, not %s",
                    name, spinners, Units.ratio(Math.floor(Math.max(0, free) * 100) / 100), free == 1 ? "" : "s", run.transport()));
        }
        if (run.producers() > 1 && kernelThreads > cores) {
            warnings.add(String.format("%s: %d producers and the consumer, %d messaging threads on %d core%s: they take turns "
                            + "on the CPUs, so latencies include the wait for a CPU, and the aggregate rate is what the cores allow",
                    name, run.producers(), kernelThreads, cores, cores == 1 ? "" : "s"));
        }
        if (run.rate() > 0 && run.throughput().messagesPerSecond() < RATE_REACHED * run.rate()) {
            warnings.add(String.format(java.util.Locale.ROOT, "%s: asked for %,d msg/s, reached %,.0f (%.0f%%): the producer "
                            + "fell behind, so later messages left late and their latencies include the lateness",
                    name, run.rate(), run.throughput().messagesPerSecond(), 100 * run.throughput().messagesPerSecond() / run.rate()));
        }
        long jitProducer = run.cost().producer().jitMillisWhileMeasuring(), jitConsumer = run.cost().consumer().jitMillisWhileMeasuring();
        double measuredMillis = run.throughput().messagesPerSecond() > 0 ? run.count() * 1e3 / run.throughput().messagesPerSecond() : 0;
        boolean compiling = Math.max(jitProducer, jitConsumer) > Math.max(0, JIT_SHARE * measuredMillis);
        if (compiling) {
            warnings.add(String.format("%s: the JIT compiled during the measured phase (producer %d ms, consumer %d ms, of %s): "
                            + "some messages ran in slower code or waited for a compiler thread; a longer --warmup helps",
                    name, jitProducer, jitConsumer, Units.nanos((long) (measuredMillis * 1e6))));
        }
        double garbageProducer = run.cost().producer().allocatedBytesPerMessage(), garbageConsumer = run.cost().consumer().allocatedBytesPerMessage();
        if (garbageProducer > GARBAGE_BYTES || garbageConsumer > GARBAGE_BYTES) {
            warnings.add(String.format("%s: the measured phase allocated %s heap bytes per message on the producer and %s on "
                            + "the consumer, garbage that a collection must clear some time; %s", name, Units.ratio(garbageProducer),
                    Units.ratio(garbageConsumer), compiling
                            // code not yet compiled allocates what the compiler would have kept off the heap (escape analysis)
                            ? "the JIT was still compiling, and code it has not compiled allocates more: warm up longer before looking"
                            : run.cost().producer().allocations() == null ? "--allocations names what allocated it" : "\"allocated\" names what did"));
        }
        if ("limit".equals(run.warmupEnd())) {
            warnings.add(String.format("%s: the warm-up stopped at its limit (%s, %,d messages) before both JIT compilers "
                    + "were quiet", name, Units.nanos(run.warmupNanos()), run.warmup()));
        }
        if (otherCores > BUSY_CORES) {
            warnings.add(String.format("%s: other processes used %.2f of %d cores on average during the run: "
                    + "expect slower, noisier figures", name, otherCores, cores));
        }
        if (steal > STEAL) {
            warnings.add(String.format("%s: the hypervisor kept %.0f%% of the CPU time for other guests (steal)", name, 100 * steal));
        }
        return warnings;
    }

    private static final java.util.regex.Pattern REPEAT = java.util.regex.Pattern.compile(" \\(repeat (\\d+)\\)"),
            FIGURE = java.util.regex.Pattern.compile("\\d[\\d,.]*");

    /**
     * The warnings of a plan run {@code repeats} times, said once each: the same warning of the same
     * row in several repeats (the same words, whatever its figures) becomes one line, with the
     * figures of the first repeat that had it and in how many repeats it came.
     */
    public static List<String> acrossRepeats(List<String> warnings, int repeats) {
        if (repeats <= 1) {
            return warnings;
        }
        java.util.Map<String, String> first = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> times = new java.util.HashMap<>();
        java.util.Map<String, String> fromRepeat = new java.util.HashMap<>();
        for (String warning : warnings) {
            java.util.regex.Matcher repeat = REPEAT.matcher(warning);
            boolean numbered = repeat.find();
            String plain = numbered ? warning.substring(0, repeat.start()) + warning.substring(repeat.end()) : warning;
            String key = FIGURE.matcher(plain).replaceAll("#");
            if (first.putIfAbsent(key, plain) == null) {
                fromRepeat.put(key, numbered ? repeat.group(1) : "1"); // the first repeat's rows carry no number
            }
            times.merge(key, 1, Integer::sum);
        }
        List<String> said = new ArrayList<>();
        first.forEach((key, plain) -> said.add(plain + " (in " + times.get(key) + " of " + repeats + " repeats"
                + (times.get(key) == 1 ? "" : "; the figures are repeat " + fromRepeat.get(key) + "'s")
                + ")"));
        return said;
    }

    /** Sides that poll rather than sleep: every producer and the consumer with {@code --wait spin} (shm, mq). */
    static int spinners(RunResult run) {
        return "spin".equals(run.settings().get("wait")) ? run.producers() + 1 : 0;
    }
}
