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

    private CostsProbe(boolean quick) {
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        CostsProbe probe = new CostsProbe(args.length > 0 && args[0].equals("quick"));
        probe.creation();
        probe.memory();
        probe.switches();
        probe.timeSlicing();
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

    // ---- 3. one switch --------------------------------------------------------------------

    private void switches() throws Exception {
        int pipeRounds = n(2000, 20000), threadRounds = n(20000, 200000), coRounds = n(200000, 2000000);
        Handoff pipe = pipeHandoff(pipeRounds);
        Handoff platform = threadHandoff(threadRounds, Thread.ofPlatform().factory());
        Handoff virtual = threadHandoff(threadRounds, Thread.ofVirtual().factory());
        Handoff coroutine = coroutineHandoff(coRounds);
        String claim = "switching processes costs most, threads less, coroutines least (no kernel)";
        claims.add(pipe.claim("switch: two processes over a pipe", claim, pipe.nanos > platform.nanos
                ? String.format(Locale.ROOT, "agrees: %.1f× a switch between two platform threads", pipe.nanos / platform.nanos)
                : String.format(Locale.ROOT, "disagrees here: cheaper than two platform threads (%.1f µs). The kernel wakes a pipe's "
                        + "reader on the writer's CPU (a sync wake-up); a futex wake may wake another, idle vCPU, which costs "
                        + "tens of µs on this VM. Waking a CPU, not switching, dominates", platform.nanos / 1e3)));
        claims.add(platform.claim("switch: two platform threads (park/unpark)", claim, platform.nanos < pipe.nanos
                ? String.format(Locale.ROOT, "agrees: %.1f× cheaper than processes (same address space)", pipe.nanos / platform.nanos)
                : "disagrees here: dearer than the pipe above; both sides sleep in the kernel, and a futex wake-up lands on another vCPU"));
        claims.add(virtual.claim("switch: two virtual threads, one carrier", claim,
                String.format(Locale.ROOT, "%.0f× cheaper than platform threads, and no kernel switch at all",
                        platform.nanos / virtual.nanos)));
        claims.add(coroutine.claim("switch: a coroutine resumed and yielding", claim,
                String.format(Locale.ROOT, "agrees: the cheapest, %.0f× cheaper than platform threads", platform.nanos / coroutine.nanos)));
    }

    /** A round trip's cost: nanoseconds, and the kernel's voluntary context switches in the whole process. */
    private record Handoff(double nanos, double switches, int rounds) {
        Claim claim(String topic, String claim, String verdict) {
            return new Claim(topic, nanos / 1e3, "µs", String.format(Locale.ROOT,
                    "one round trip (there and back), mean of %,d; %.2f voluntary context switches each", rounds, switches),
                    claim, verdict);
        }
    }

    private static Handoff pipeHandoff(int rounds) throws Exception {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("echo");
        Process echo = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream out = echo.getOutputStream(); InputStream in = echo.getInputStream()) {
            for (int i = 0; i < 200; i++) { // warm-up
                out.write(1);
                out.flush();
                in.read();
            }
            long switches = voluntarySwitches(), start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                out.write(1);
                out.flush();
                in.read();
            }
            return new Handoff((System.nanoTime() - start) / (double) rounds, (voluntarySwitches() - switches) / (double) rounds, rounds);
        } finally {
            echo.waitFor();
        }
    }

    /** Two threads pass a baton: each parks until it is its turn, then wakes the other. */
    private static Handoff threadHandoff(int rounds, ThreadFactory factory) throws Exception {
        AtomicInteger turn = new AtomicInteger();
        Thread[] sides = new Thread[2];
        long[] elapsed = new long[1];
        sides[0] = factory.newThread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                turn.set(1);
                LockSupport.unpark(sides[1]);
                while (turn.get() != 0) {
                    LockSupport.park();
                }
            }
            elapsed[0] = System.nanoTime() - start;
        });
        sides[1] = factory.newThread(() -> {
            for (int i = 0; i < rounds; i++) {
                while (turn.get() != 1) {
                    LockSupport.park();
                }
                turn.set(0);
                LockSupport.unpark(sides[0]);
            }
        });
        long switches = voluntarySwitches();
        sides[1].start();
        sides[0].start();
        sides[0].join();
        sides[1].join();
        return new Handoff(elapsed[0] / (double) rounds, (voluntarySwitches() - switches) / (double) rounds, rounds);
    }

    private static Handoff coroutineHandoff(int rounds) {
        ContinuationScope scope = new ContinuationScope("costs");
        Continuation coroutine = new Continuation(scope, () -> {
            while (true) {
                Continuation.yield(scope);
            }
        });
        for (int i = 0; i < 10_000; i++) {
            coroutine.run();
        }
        long switches = voluntarySwitches(), start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            coroutine.run(); // resume it; it yields straight back
        }
        return new Handoff((System.nanoTime() - start) / (double) rounds, (voluntarySwitches() - switches) / (double) rounds, rounds);
    }

    // ---- 4. the note's time-slicing example ----------------------------------------------

    private void timeSlicing() throws Exception {
        long units = calibrate(quick ? 100 : 1000);
        AtomicLong preemptions = new AtomicLong();
        double sequential = timed(() -> pinned(0, () -> { work(units); work(units); }, new AtomicLong()));
        double shared = timed(() -> both(() -> pinned(0, () -> work(units), preemptions),
                () -> pinned(0, () -> work(units), preemptions)));
        double parallel = timed(() -> both(() -> pinned(0, () -> work(units), new AtomicLong()),
                () -> pinned(1, () -> work(units), new AtomicLong())));
        long switches = preemptions.get();
        double one = sequential / 2;
        claims.add(new Claim("time slicing: two tasks, one core, one after the other", sequential / 1e9, "s",
                String.format(Locale.ROOT, "two CPU-bound tasks of %.2f s each, on CPU 0, in turn (what coroutines would do)", one / 1e9),
                "20 + 1 × 0.1 = 20.1 s for two 10 s tasks", "the baseline"));
        claims.add(new Claim("time slicing: two threads sharing one core", shared / 1e9, "s",
                String.format(Locale.ROOT, "both threads on CPU 0 at once: %,d preemptions; %+.1f%% against in turn",
                        switches, 100 * (shared / sequential - 1)),
                "20 + 19 × 0.1 = 21.9 s (a switch costs 0.1 s)",
                Math.abs(shared / sequential - 1) < 0.03
                        ? "disagrees on size: no cost measurable within ±3%; a switch costs microseconds, not 0.1 s"
                        : String.format(Locale.ROOT, "agrees in kind: sharing one core cost %+.1f%%, about %.0f µs per preemption",
                                100 * (shared / sequential - 1), switches == 0 ? 0 : (shared - sequential) / switches / 1e3)));
        claims.add(new Claim("time slicing: two threads on two cores", parallel / 1e9, "s",
                "one thread on CPU 0, one on CPU 1", "10 s on two cores; coroutines on one thread still need 20.1 s",
                parallel < sequential * 0.75 ? String.format(Locale.ROOT, "agrees: %.2f× faster than one core", sequential / parallel)
                        : "disagrees here: the two vCPUs do not give twice the speed (shared host, steal time)"));
    }

    /** Units of work that take about {@code millis} on this CPU. */
    private static long calibrate(long millis) throws Exception {
        long units = 1_000_000;
        double took;
        do {
            long u = units;
            took = timed(() -> pinned(0, () -> work(u), new AtomicLong()));
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
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:-UsePerfData", "-Xmx64m", "-cp", System.getProperty("java.class.path"), Idle.class.getName());
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

    private static long voluntarySwitches() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment usage = arena.allocate(Libc.RUSAGE_BYTES, 8);
            Libc.getrusage(Libc.RUSAGE_SELF, usage);
            return usage.get(ValueLayout.JAVA_LONG, Libc.RU_NVCSW);
        }
    }

    private static long threadUsage(long field) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment usage = arena.allocate(Libc.RUSAGE_BYTES, 8);
            Libc.getrusage(Libc.RUSAGE_THREAD, usage);
            return usage.get(ValueLayout.JAVA_LONG, field);
        }
    }
}
