package dev.ipcplayground.inproc.costs;

import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.os.Libc;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * {@code launcher costs} runs this in a child JVM (it needs the JDK's continuations and a
 * virtual-thread scheduler with one carrier): each of the study note's claims about processes,
 * threads and coroutines, measured on this machine. Prints a JSON array of {@link Claim}s.
 *
 * <p>Arguments: {@code quick|full}. Quick is for the tests: small counts, a few seconds.
 */
public final class CostsProbe {

    private final boolean quick;
    private final List<Claim> claims = new ArrayList<>();
    /** The other process of every handoff between processes: one JVM, started and warmed once. */
    private final Handoffs.Peer peer = new Handoffs.Peer();

    private CostsProbe(boolean quick) {
        this.quick = quick;
    }

    /**
     * Arguments: {@code quick|full RUN-DIRECTORY}: the directory (the launcher's, removed after the
     * run) holds what the isolation rows make, their sockets and the crashed JVM's crash file.
     */
    public static void main(String[] args) throws Exception {
        CostsProbe probe = new CostsProbe(args.length > 0 && args[0].equals("quick"));
        Path runDirectory = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
        probe.creation();
        probe.memory();
        try (Handoffs.Peer peer = probe.peer) {
            probe.switches();
            probe.workingSets();
        }
        probe.multiCore();
        probe.timeSlicing();
        probe.claims.addAll(Isolation.claims(runDirectory, probe.n(1_000, 5_000)));
        probe.claims.addAll(Locks.claims(Math.max(2, Runtime.getRuntime().availableProcessors()), probe.n(1_000_000, 10_000_000)));
        probe.claims.addAll(Scaling.claims(probe.quick ? new int[] {2, 8, 64, 512} : new int[] {2, 8, 64, 512, 4096},
                probe.n(50_000, 200_000)));
        System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(probe.claims));
    }

    private int n(int quickCount, int fullCount) {
        return quick ? quickCount : fullCount;
    }

    // ---- 1. creating and finishing one unit --------------------------------------------

    private void creation() throws Exception {
        int jvms = n(2, 5), trues = n(20, 200), threads = n(500, 5000), vthreads = n(5000, 50000);
        double jvm = median(jvms, () -> run(javaCommand()));
        double bin = median(trues, () -> run(List.of("/bin/true")));
        double thread = startAllThenJoin(threads, Thread.ofPlatform().factory());
        double vthread = startAllThenJoin(vthreads, Thread.ofVirtual().factory());
        String claim = "creating or ending a process costs clearly more than a thread (系统开销)";
        claims.add(new Claim("create and finish: a JVM process", jvm / 1e6, "ms",
                "median of " + jvms + " runs of an empty main(), fork/exec to exit", claim,
                String.format(Locale.ROOT, "agrees: %,.0f platform threads for one JVM", jvm / thread)));
        claims.add(new Claim("create and finish: /bin/true", bin / 1e3, "µs",
                "median of " + trues + "; the JDK spawns through jspawnhelper (posix_spawn, then exec)", claim,
                String.format(Locale.ROOT, "agrees: %,.0f platform threads for one tiny process", bin / thread)));
        claims.add(new Claim("create and finish: a platform thread", thread / 1e3, "µs",
                threads + " started, then all joined (each a clone(): a kernel task with its own stack)", claim,
                "the unit of the two rows above"));
        claims.add(new Claim("create and finish: a virtual thread", vthread / 1e3, "µs",
                vthreads + " started, then all joined (each a heap object, scheduled by the JDK)",
                "a coroutine is far lighter than a thread",
                vthread < thread ? String.format(Locale.ROOT, "agrees: %.1f× cheaper than a platform thread", thread / vthread)
                        : "disagrees here: not cheaper than a platform thread"));
    }

    // ---- 2. memory per unit -------------------------------------------------------------

    private void memory() throws Exception {
        int threads = n(200, 2000), vthreads = n(10_000, 100_000);
        double perThread = residentGrowth(threads, Thread.ofPlatform().factory()) / threads;
        double perVthread = residentGrowth(vthreads, Thread.ofVirtual().factory()) / vthreads;
        claims.add(new Claim("memory: one parked platform thread", perThread / 1024, "KiB",
                "resident memory (VmRSS) growth over " + threads + " parked threads; each reserves a 1 MiB stack (-Xss)",
                "a thread takes megabytes",
                perThread < 512 * 1024 ? "disagrees for resident memory: the 1 MiB stack is reserved address space, "
                        + "and only the pages a thread touches become resident" : "agrees"));
        claims.add(new Claim("memory: one parked virtual thread", perVthread / 1024, "KiB",
                "VmRSS growth over " + vthreads + " parked virtual threads (their stacks live in the heap)",
                "a coroutine takes kilobytes",
                String.format(Locale.ROOT, "agrees: %.0f× less than a platform thread", perThread / Math.max(1, perVthread))));
        claims.add(new Claim("memory: one more JVM process", idleJvmResident() / (1024.0 * 1024), "MiB",
                "VmRSS of an idle JVM (-Xmx64m, serial GC) after start-up",
                "a process owns its own resources: address space, heap, files",
                "agrees: a process is the most expensive unit to keep"));
    }

    private static double residentGrowth(int count, ThreadFactory factory) throws Exception {
        System.gc();
        long before = residentBytes();
        CountDownLatch parked = new CountDownLatch(count);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            started.add(factory.newThread(() -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            started.getLast().start();
        }
        parked.await();
        Thread.sleep(50);
        long after = residentBytes();
        release.countDown();
        for (Thread t : started) {
            t.join();
        }
        return Math.max(0, after - before);
    }

    private static long idleJvmResident() throws Exception {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("wait");
        Process jvm = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            out.readLine(); // "ready"
            return residentBytes(Path.of("/proc", Long.toString(jvm.pid()), "status"));
        } finally {
            jvm.getOutputStream().close();
            jvm.waitFor();
        }
    }

    // ---- 3. one switch ----------------------------------------------------------------------

    private static final String SWITCH_CLAIM = "a process switch costs more than a thread switch: it changes the address "
            + "space (page directory, TLB) and disturbs the caches; a thread switch keeps them";

    /** Where the two sides of a handoff run: both on one CPU (every handoff a switch), or one CPU each. */
    private record Placement(String label, int a, int b) { }

    /**
     * The same token, passed by the same mechanism, between two processes and between two threads,
     * pinned to one CPU and (where there are two) to two; each cell repeated, in turns.
     */
    private void switches() throws Exception {
        List<Placement> placements = placements();
        Map<String, double[]> cells = new LinkedHashMap<>();
        Map<String, Handoffs.Handoff> last = new HashMap<>();
        int repeats = n(2, 4);
        long warm = n(20, 100) * 1_000_000L, budget = n(25, 120) * 1_000_000L;
        for (Handoffs.Mechanism mechanism : Handoffs.Mechanism.values()) { // a first pass, not counted: both JVMs warm up
            Handoffs.processes(peer, mechanism, placements.getFirst().a(), placements.getFirst().b(), 0, warm, budget);
            Handoffs.threads(mechanism, placements.getFirst().a(), placements.getFirst().b(), 0, warm, budget);
        }
        for (int r = 0; r < repeats; r++) {
            for (Handoffs.Mechanism mechanism : Handoffs.Mechanism.values()) {
                for (Placement where : placements) {
                    for (boolean processes : new boolean[] {true, false}) {
                        String key = key(mechanism, where, processes);
                        Handoffs.Handoff h = processes
                                ? Handoffs.processes(peer, mechanism, where.a(), where.b(), 0, warm, budget)
                                : Handoffs.threads(mechanism, where.a(), where.b(), 0, warm, budget);
                        cells.computeIfAbsent(key, k -> new double[repeats])[r] = h.nanos();
                        last.put(key, h);
                    }
                }
            }
        }
        Spread vthread = Spread.of(repeat(repeats, () -> virtualHandoff(n(20_000, 200_000), placements.getFirst().a())));
        Spread coroutine = Spread.of(repeat(repeats, () -> coroutineHandoff(n(200_000, 2_000_000), placements.getFirst().a())));

        Placement one = placements.getFirst();
        for (Handoffs.Mechanism mechanism : Handoffs.Mechanism.values()) {
            for (Placement where : placements) {
                Spread processes = Spread.of(cells.get(key(mechanism, where, true)));
                Spread threads = Spread.of(cells.get(key(mechanism, where, false)));
                String how = String.format(Locale.ROOT, "%s, %s", mechanism == Handoffs.Mechanism.PIPE
                        ? "a token over two pipes" : "a token on one futex word", where.label());
                String wakeUp = where == one ? "" : wakeUpNote(Spread.of(cells.get(key(mechanism, one, false))), threads,
                        Spread.of(cells.get(key(mechanism, one, true))));
                claims.add(handoffClaim("switch: processes, " + mechanism.key() + ", " + where.label(), processes,
                        last.get(key(mechanism, where, true)), how, versus(processes, threads) + wakeUp));
                claims.add(handoffClaim("switch: threads, " + mechanism.key() + ", " + where.label(), threads,
                        last.get(key(mechanism, where, false)), how, "the thread side of the row above"));
            }
        }
        Spread threadsFutex = Spread.of(cells.get(key(Handoffs.Mechanism.FUTEX, one, false)));
        String userSpace = "a coroutine switches in user space, at almost no cost";
        claims.add(new Claim("switch: two virtual threads, one carrier", vthread.median() / 1e3, "µs",
                spreadDetail("a handoff by park and unpark on one carrier thread, " + one.label(), vthread), userSpace,
                cheaper(vthread, threadsFutex, "two platform threads on a futex " + one.label())));
        claims.add(new Claim("switch: a coroutine resumed and yielding", coroutine.median() / 1e3, "µs",
                spreadDetail("a handoff: resume a JDK continuation, which yields straight back, " + one.label(), coroutine), userSpace,
                cheaper(coroutine, threadsFutex, "two platform threads on a futex " + one.label())));
    }

    /** Both sides on the first allowed CPU; and, where there is a second, one side on each. */
    private static List<Placement> placements() throws Exception {
        java.util.BitSet allowed = Libc.affinity(0);
        int a = allowed.nextSetBit(0), b = allowed.nextSetBit(a + 1);
        List<Placement> placements = new ArrayList<>(List.of(new Placement("one CPU", a, a)));
        if (b >= 0) {
            placements.add(new Placement("two CPUs", a, b));
        }
        return placements;
    }

    private static String key(Handoffs.Mechanism mechanism, Placement where, boolean processes) {
        return mechanism + " " + where.label() + " " + processes;
    }

    private static Claim handoffClaim(String topic, Spread spread, Handoffs.Handoff last, String how, String verdict) {
        return new Claim(topic, spread.median() / 1e3, "µs", String.format(Locale.ROOT,
                "per handoff, %s; median of %d runs (%s), each less the %.2f µs the same calls and memory cost without a "
                        + "switch; %.2f sleeps per round trip", how, spread.repeats(), spread.rangeMicros(), last.overhead() / 1e3,
                last.sleeps()), SWITCH_CLAIM, verdict);
    }

    /** The verdict on processes against threads, from this run's two ranges. */
    static String versus(Spread processes, Spread threads) {
        return switch (processes.against(threads)) {
            case ABOVE -> String.format(Locale.ROOT, "agrees: %.2f µs more than two threads (%.2f µs), beyond the spread of %d runs",
                    (processes.median() - threads.median()) / 1e3, threads.median() / 1e3, processes.repeats());
            case BELOW -> String.format(Locale.ROOT, "disagrees: %.2f µs less than two threads (%.2f µs), beyond the spread of %d runs",
                    (threads.median() - processes.median()) / 1e3, threads.median() / 1e3, processes.repeats());
            case WITHIN_NOISE -> String.format(Locale.ROOT, "within noise: processes %s, threads %s over %d runs each",
                    processes.rangeMicros(), threads.rangeMicros(), processes.repeats());
        };
    }

    /**
     * On two CPUs, what this run measured of waking the other one: a thread handoff's extra cost
     * over the same handoff on one CPU, beside the difference processes make on one CPU.
     */
    static String wakeUpNote(Spread threadsOneCpu, Spread threadsTwoCpus, Spread processesOneCpu) {
        double wake = threadsTwoCpus.median() - threadsOneCpu.median();
        double addressSpace = Math.abs(processesOneCpu.median() - threadsOneCpu.median());
        if (wake <= 0) {
            return String.format(Locale.ROOT, ". Across two CPUs a thread handoff cost no more than on one (%.2f against %.2f µs)",
                    threadsTwoCpus.median() / 1e3, threadsOneCpu.median() / 1e3);
        }
        return String.format(Locale.ROOT, ". Across two CPUs a thread handoff costs %.2f µs more than on one: the wake-up of "
                        + "the other CPU, measured here; on one CPU processes and threads differ by %.2f µs%s", wake / 1e3,
                addressSpace / 1e3, addressSpace > 0 ? String.format(Locale.ROOT, " (the wake-up is %.0f× that)", wake / addressSpace) : "");
    }

    private static String cheaper(Spread fast, Spread slow, String than) {
        return switch (fast.against(slow)) {
            case BELOW -> String.format(Locale.ROOT, "agrees: %.0f× cheaper than %s (%.2f µs), beyond the spread",
                    slow.median() / fast.median(), than, slow.median() / 1e3);
            case ABOVE -> String.format(Locale.ROOT, "disagrees: dearer than %s (%.2f µs)", than, slow.median() / 1e3);
            case WITHIN_NOISE -> String.format(Locale.ROOT, "within noise of %s (%s against %s)", than, fast.rangeMicros(),
                    slow.rangeMicros());
        };
    }

    private static String spreadDetail(String how, Spread spread) {
        return String.format(Locale.ROOT, "per handoff, %s; median of %d runs (%s); no kernel switch: 0 sleeps", how,
                spread.repeats(), spread.rangeMicros());
    }

    private interface Figure {
        double measure() throws Exception;
    }

    private static double[] repeat(int times, Figure figure) throws Exception {
        double[] values = new double[times];
        for (int i = 0; i < times; i++) {
            values[i] = figure.measure();
        }
        return values;
    }

    /** Two virtual threads pass a baton on the one carrier, pinned to {@code cpu}: nanoseconds per handoff. */
    private static double virtualHandoff(int rounds, int cpu) throws Exception {
        AtomicInteger turn = new AtomicInteger();
        Thread[] sides = new Thread[2];
        long[] elapsed = new long[1];
        sides[0] = Thread.ofVirtual().unstarted(() -> {
            pinCarrier(cpu);
            for (int phase = 0; phase < 2; phase++) { // the first warms up
                long start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    turn.set(1);
                    LockSupport.unpark(sides[1]);
                    while (turn.get() != 0) {
                        LockSupport.park();
                    }
                }
                elapsed[0] = System.nanoTime() - start;
            }
        });
        sides[1] = Thread.ofVirtual().unstarted(() -> {
            for (int i = 0; i < 2 * rounds; i++) {
                while (turn.get() != 1) {
                    LockSupport.park();
                }
                turn.set(0);
                LockSupport.unpark(sides[0]);
            }
        });
        sides[1].start();
        sides[0].start();
        sides[0].join();
        sides[1].join();
        return elapsed[0] / (2.0 * rounds);
    }

    /** The one carrier of the probe's virtual threads (parallelism 1) pinned, from inside one of them. */
    private static void pinCarrier(int cpu) {
        try {
            Libc.pinCallingThread(cpu);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A coroutine resumed and yielding back on a thread pinned to {@code cpu}: nanoseconds per handoff (half a round). */
    private static double coroutineHandoff(int rounds, int cpu) throws Exception {
        return Handoffs.onFreshThread(() -> {
            Libc.pinCallingThread(cpu);
            ContinuationScope scope = new ContinuationScope("costs");
            Continuation coroutine = new Continuation(scope, () -> {
                while (true) {
                    Continuation.yield(scope);
                }
            });
            for (int i = 0; i < rounds / 4; i++) {
                coroutine.run();
            }
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                coroutine.run(); // resume it; it yields straight back
            }
            return (System.nanoTime() - start) / (2.0 * rounds);
        });
    }

    // ---- 3b. the cost of a switch as the working set grows (lat_ctx) ------------------------

    /**
     * Processes against threads, on one CPU over a pipe, each side touching a working set of its
     * own between handoffs: none, half of L1d, of L2, of the last-level cache, and twice that. A
     * switch that disturbs the caches (or the TLB) more shows as a cost that grows faster.
     */
    private void workingSets() throws Exception {
        Placement one = placements().getFirst();
        List<CacheSizes.Size> sizes = quick ? CacheSizes.sweep().subList(0, Math.min(2, CacheSizes.sweep().size())) : CacheSizes.sweep();
        int repeats = n(2, 3);
        long warm = n(20, 50) * 1_000_000L, budget = n(20, 120) * 1_000_000L;
        Map<String, double[]> cells = new LinkedHashMap<>();
        Map<String, Double> overheads = new HashMap<>();
        for (int r = 0; r < repeats; r++) {
            for (CacheSizes.Size size : sizes) {
                for (boolean processes : new boolean[] {true, false}) {
                    Handoffs.Handoff h = processes
                            ? Handoffs.processes(peer, Handoffs.Mechanism.PIPE, one.a(), one.b(), size.bytes(), warm, budget)
                            : Handoffs.threads(Handoffs.Mechanism.PIPE, one.a(), one.b(), size.bytes(), warm, budget);
                    cells.computeIfAbsent(size.bytes() + " " + processes, k -> new double[repeats])[r] = h.nanos();
                    overheads.put(size.bytes() + " " + processes, h.overhead());
                }
            }
        }
        String claim = "a process switch disturbs the caches and the TLB, a thread switch keeps them: the cost shows as the "
                + "working set grows";
        for (CacheSizes.Size size : sizes) {
            Spread processes = Spread.of(cells.get(size.bytes() + " true")), threads = Spread.of(cells.get(size.bytes() + " false"));
            String label = size.label();
            String how = "one CPU, a token over two pipes, each side reading every cache line of its own " + label
                    + " between handoffs";
            double processesOverhead = overheads.get(size.bytes() + " true"), threadsOverhead = overheads.get(size.bytes() + " false");
            String lost = unmeasurable(processes, processesOverhead) != null ? unmeasurable(processes, processesOverhead)
                    : unmeasurable(threads, threadsOverhead);
            claims.add(new Claim("working set: " + label + ", processes", measured(processes, processesOverhead), "µs",
                    sweepDetail(how, processes, processesOverhead), claim, lost != null ? lost : versus(processes, threads)));
            claims.add(new Claim("working set: " + label + ", threads", measured(threads, threadsOverhead), "µs",
                    sweepDetail(how, threads, threadsOverhead), claim,
                    unmeasurable(threads, threadsOverhead) != null ? unmeasurable(threads, threadsOverhead) : "the thread side of the row above"));
        }
    }

    /** Beyond this many times the switch left over, the overhead taken out buries it in its noise. */
    static final double OVERHEAD_DWARFS = 20;

    /** A switch's median in µs, or null when the overhead taken out dwarfs what is left ({@link #unmeasurable}). */
    static Double measured(Spread switchNanos, double overheadNanos) {
        return unmeasurable(switchNanos, overheadNanos) == null ? switchNanos.median() / 1e3 : null;
    }

    /**
     * Why a row measures no switch, or null when it does: what is left after the overhead is taken
     * out is at most nothing, or less than a twentieth of that overhead, within its noise. The row
     * then says so with both figures (the handoff with the switch, and without), and prints no
     * time for the switch (never a negative one).
     */
    static String unmeasurable(Spread switchNanos, double overheadNanos) {
        double left = switchNanos.median();
        if (left > 0 && overheadNanos <= OVERHEAD_DWARFS * left) {
            return null;
        }
        return String.format(Locale.ROOT, "not measurable at this size: a handoff with the switch took %.2f µs, the same "
                + "reading and calls without a switch %.2f µs, and what is between them is within their noise",
                Math.max(0, overheadNanos + left) / 1e3, overheadNanos / 1e3);
    }

    /**
     * How a sweep row was measured, with the overhead taken out: beside a large working set the
     * overhead (reading it all) dwarfs a switch, and such a row says so ({@link #unmeasurable}).
     */
    private static String sweepDetail(String how, Spread spread, double overhead) {
        return String.format(Locale.ROOT, "per handoff, %s; median of %d runs (%s), each less the %.2f µs that reading it "
                + "and the calls cost without a switch", how, spread.repeats(),
                spread.rangeMicros(), overhead / 1e3);
    }

    // ---- 3c. several processes, each running coroutines --------------------------------------

    private void multiCore() throws Exception {
        int[] cpus = Libc.affinity(0).stream().toArray(); // one process per CPU this JVM may use
        int exchanges = 4 * cpus.length;
        long units = unitsForMicros(1);
        long items = n(10_000, 40_000);
        int repeats = n(2, 3);
        double total = (double) exchanges * items;
        Handoffs.onFreshThread(() -> MultiCore.coroutines(exchanges, items / 4, units)); // warm: the JIT compiles both
        MultiCore.threadPairs(exchanges, items / 4, units);
        double[] coroutines = new double[repeats], threads = new double[repeats], processes = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            coroutines[r] = total / Handoffs.onFreshThread(() -> MultiCore.coroutines(exchanges, items, units)) * 1e9;
            threads[r] = total / MultiCore.threadPairs(exchanges, items, units) * 1e9;
            processes[r] = total / MultiCore.processes(cpus, exchanges, items, units, n(100, 300) * 1_000_000L) * 1e9;
        }
        Spread co = Spread.of(coroutines), th = Spread.of(threads), pr = Spread.of(processes);
        String claim = "several processes, each running coroutines, use every core and keep the coroutines' efficiency (多进程+协程)";
        String work = String.format(Locale.ROOT, "%d exchanges of %,d items, each item about 1 µs of the consumer's arithmetic",
                exchanges, items);
        claims.add(new Claim("cores: coroutines on one thread", co.median() / 1e3, "k items/s",
                work + "; the producer resumes each consumer in turn; " + rates(co), claim, "one core's worth: the baseline"));
        claims.add(new Claim("cores: pairs of platform threads", th.median() / 1e3, "k items/s",
                work + "; " + exchanges + " pairs handing over by park/unpark, wherever the scheduler puts them; " + rates(th), claim,
                ratio(th, co, "coroutines on one thread")));
        claims.add(new Claim("cores: one process per core, coroutines in each", pr.median() / 1e3, "k items/s",
                work + "; " + cpus.length + " processes, each pinned to its CPU with its share as coroutines; " + rates(pr), claim,
                multiCoreVerdict(pr, co, th, cpus.length)));
    }

    private static String rates(Spread s) {
        return String.format(Locale.ROOT, "median of %d runs (%.0f–%.0f k items/s)", s.repeats(), s.min() / 1e3, s.max() / 1e3);
    }

    private static String ratio(Spread a, Spread b, String what) {
        String order = switch (a.against(b)) {
            case ABOVE -> "more";
            case BELOW -> "less";
            case WITHIN_NOISE -> "within noise of";
        };
        return String.format(Locale.ROOT, "%.2f× %s (%s)", a.median() / b.median(), what, order.equals("within noise of")
                ? "within noise" : order + " than it, beyond the spread");
    }

    /** How far above the cores' count a speed-up may go before it is not a speed-up but a measuring fault: 10%. */
    static final double PLAUSIBLE_OVER_CORES = 1.1;

    static String multiCoreVerdict(Spread processes, Spread coroutines, Spread threads, int cores) {
        Spread.Order overCoroutines = processes.against(coroutines), overThreads = processes.against(threads);
        double overOneThread = processes.median() / coroutines.median();
        String figures = String.format(Locale.ROOT, "%.2f× coroutines on one thread and %.2f× thread pairs, on %d cores",
                overOneThread, processes.median() / threads.median(), cores);
        if (overOneThread > cores * PLAUSIBLE_OVER_CORES) {
            // CPU-bound work on N cores cannot go more than N times as fast as on one: the one-thread
            // baseline ran slower than the same code in the per-core processes (not yet compiled, or
            // the machine was busy then). No verdict from figures that contradict themselves.
            return "not measured: " + figures + ", more than " + cores + " cores can give CPU-bound work, so the one-thread "
                    + "baseline ran slower code or on a busier machine than the processes; run again";
        }
        if (overCoroutines == Spread.Order.ABOVE && overThreads == Spread.Order.ABOVE) {
            return "agrees: " + figures;
        }
        if (overCoroutines == Spread.Order.BELOW || overThreads == Spread.Order.BELOW) {
            return "disagrees: " + figures;
        }
        return "within noise: " + figures;
    }

    /**
     * Units of {@link MultiCore#work} that take about {@code micros} on this CPU, in compiled code:
     * the loop runs for 0.3 s first (five short calls left it in the interpreter or C1, three times
     * slower, and the "1 µs" items then took a third of that), then the fastest of five timed rounds.
     */
    private static long unitsForMicros(double micros) throws Exception {
        return Handoffs.onFreshThread(() -> {
            long seed = 1;
            for (long end = System.nanoTime() + 300_000_000L; System.nanoTime() - end < 0; ) {
                seed += MultiCore.work(seed, 100_000);
            }
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                seed += MultiCore.work(seed, 10_000_000);
                best = Math.min(best, (System.nanoTime() - start) / 1e7);
            }
            calibrationSink = seed; // used: the JIT cannot drop the rounds
            return Math.max(1, (long) (micros * 1000 / best));
        });
    }

    private static volatile long calibrationSink;

    // ---- 4. the note's time-slicing example ----------------------------------------------

    private void timeSlicing() throws Exception {
        List<Placement> placements = placements();
        int a = placements.getFirst().a(), b = placements.getLast().b();
        long units = calibrate(quick ? 100 : 400, a);
        int repeats = n(2, 3);
        double[] sequential = new double[repeats], shared = new double[repeats], parallel = new double[repeats];
        AtomicLong preemptions = new AtomicLong();
        for (int r = 0; r < repeats; r++) { // in turns, so that a machine growing busier shows as spread
            sequential[r] = timed(() -> pinned(a, () -> { work(units); work(units); }, new AtomicLong()));
            shared[r] = timed(() -> both(() -> pinned(a, () -> work(units), preemptions),
                    () -> pinned(a, () -> work(units), preemptions)));
            if (a != b) {
                parallel[r] = timed(() -> both(() -> pinned(a, () -> work(units), new AtomicLong()),
                        () -> pinned(b, () -> work(units), new AtomicLong())));
            }
        }
        Spread inTurn = Spread.of(sequential), together = Spread.of(shared);
        double perPreemption = preemptions.get() == 0 ? 0 : (together.median() - inTurn.median()) / (preemptions.get() / (double) repeats);
        claims.add(new Claim("time slicing: two tasks, one core, one after the other", inTurn.median() / 1e9, "s",
                String.format(Locale.ROOT, "two CPU-bound tasks of %.2f s each, on CPU %d, in turn (what coroutines would do); "
                        + "median of %d runs (%.3f–%.3f s)", inTurn.median() / 2e9, a, repeats, inTurn.min() / 1e9, inTurn.max() / 1e9),
                "20 + 1 × 0.1 = 20.1 s for two 10 s tasks", "the baseline"));
        claims.add(new Claim("time slicing: two threads sharing one core", together.median() / 1e9, "s",
                String.format(Locale.ROOT, "both threads on CPU %d at once: %,d preemptions a run; median of %d runs (%.3f–%.3f s)",
                        a, preemptions.get() / repeats, repeats, together.min() / 1e9, together.max() / 1e9),
                "20 + 19 × 0.1 = 21.9 s (a switch costs 0.1 s)", switch (together.against(inTurn)) {
                    case ABOVE -> String.format(Locale.ROOT, "agrees in kind, not in size: sharing one core cost %+.1f%%, about "
                            + "%.0f µs per preemption, not 0.1 s", 100 * (together.median() / inTurn.median() - 1), perPreemption / 1e3);
                    case WITHIN_NOISE -> String.format(Locale.ROOT, "disagrees on size: no cost beyond the spread of %d runs "
                            + "(%+.1f%%); a switch costs microseconds, not 0.1 s", repeats, 100 * (together.median() / inTurn.median() - 1));
                    case BELOW -> String.format(Locale.ROOT, "disagrees: sharing one core was %.1f%% faster than in turn, beyond "
                            + "the spread of %d runs", 100 * (1 - together.median() / inTurn.median()), repeats);
                }));
        if (a != b) {
            Spread apart = Spread.of(parallel);
            double speedUp = inTurn.median() / apart.median();
            claims.add(new Claim("time slicing: two threads on two cores", apart.median() / 1e9, "s",
                    String.format(Locale.ROOT, "one thread on CPU %d, one on CPU %d; median of %d runs (%.3f–%.3f s)", a, b, repeats,
                            apart.min() / 1e9, apart.max() / 1e9),
                    "10 s on two cores; coroutines on one thread still need 20.1 s",
                    speedUp > 1.5 ? String.format(Locale.ROOT, "agrees: %.2f× faster than one core", speedUp)
                            : String.format(Locale.ROOT, "disagrees: only %.2f× faster than one core", speedUp)));
        }
    }

    /** Units of work that take about {@code millis} on this CPU. */
    private static long calibrate(long millis, int cpu) throws Exception {
        for (int i = 0; i < 5; i++) {
            work(5_000_000); // compiled first: calibrated in the interpreter, a "second" of work would take a fraction of one
        }
        long units = 1_000_000;
        double took;
        do {
            long u = units;
            took = timed(() -> pinned(cpu, () -> work(u), new AtomicLong()));
            units *= 2;
        } while (took < 20e6);
        return (long) (units / 2 * (millis * 1e6 / took));
    }

    private static volatile long sink;

    private static void work(long units) {
        long x = 1;
        for (long i = 0; i < units; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }

    /** Runs {@code body} on the calling thread, pinned to {@code cpu}; adds the thread's preemptions. */
    private static void pinned(int cpu, Runnable body, AtomicLong preemptions) {
        try {
            Libc.pinCallingThread(cpu);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        body.run();
        preemptions.addAndGet(threadUsage(Libc.RU_NIVCSW));
    }

    /** Runs both on two fresh threads and waits for both. */
    private static void both(Runnable a, Runnable b) {
        Thread ta = Thread.ofPlatform().start(a), tb = Thread.ofPlatform().start(b);
        try {
            ta.join();
            tb.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private interface Step {
        void run() throws Exception;
    }

    private static double timed(Step step) throws Exception {
        long[] took = new long[1];
        Exception[] failure = new Exception[1];
        Thread t = Thread.ofPlatform().start(() -> { // a fresh thread: pinning must not stick to the main thread
            long start = System.nanoTime();
            try {
                step.run();
            } catch (Exception e) {
                failure[0] = e;
            }
            took[0] = System.nanoTime() - start;
        });
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return took[0];
    }

    private static double median(int count, Step step) throws Exception {
        double[] nanos = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            step.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[count / 2];
    }

    /** Nanoseconds per thread to start {@code count} threads that do nothing, then join them all. */
    private static double startAllThenJoin(int count, ThreadFactory factory) throws Exception {
        for (int round = 0; round < 2; round++) { // the first round warms up
            Thread[] threads = new Thread[count];
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                threads[i] = factory.newThread(() -> { });
                threads[i].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (round == 1) {
                return (System.nanoTime() - start) / (double) count;
            }
        }
        throw new AssertionError();
    }

    private static void run(List<String> command) throws Exception {
        int exit = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(command.getFirst() + " exited with " + exit);
        }
    }

    private static List<String> javaCommand() {
        return javaCommand(Idle.class);
    }

    /** A small child JVM running {@code main}'s class, allowed native calls and the JDK's continuations. */
    static List<String> javaCommand(Class<?> main) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:-UsePerfData", "-Xmx64m", "-XX:MaxDirectMemorySize=1g", "--enable-native-access=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                main.getName());
    }

    private static long residentBytes() throws Exception {
        return residentBytes(Path.of("/proc/self/status"));
    }

    private static long residentBytes(Path status) throws Exception {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in " + status);
    }


    static long threadUsage(long field) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment usage = arena.allocate(Libc.RUSAGE_BYTES, 8);
            Libc.getrusage(Libc.RUSAGE_THREAD, usage);
            return usage.get(ValueLayout.JAVA_LONG, field);
        }
    }
}
