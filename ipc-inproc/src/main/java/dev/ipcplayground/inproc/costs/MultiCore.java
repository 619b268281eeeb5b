package dev.ipcplayground.inproc.costs;

import dev.ipcplayground.core.os.Libc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The note's "several processes, each running coroutines" (多进程+协程), against its two
 * alternatives: K producer/consumer exchanges of the note's generator kind, in which the producer
 * hands the consumer an item and the consumer does a little work with it (about a microsecond of
 * arithmetic) before it asks for the next, run
 * <ul>
 *   <li>as coroutines on one thread: the producer resumes each consumer in turn, which yields back;</li>
 *   <li>as K pairs of platform threads, the item handed over by park and unpark;</li>
 *   <li>as one process per core, each pinned to its core and running its share of the K as coroutines.</li>
 * </ul>
 * Each gives items per second over all its exchanges.
 *
 * <p>{@code MultiCore EXCHANGES ITEMS UNITS CPU WARM} is the per-core process: it warms up for WARM
 * nanoseconds and until its JIT is quiet, says "ready", waits for "go", runs, and prints its
 * elapsed nanoseconds.
 */
public final class MultiCore {

    private static final ContinuationScope SCOPE = new ContinuationScope("multicore");
    private static volatile long sink;

    private MultiCore() {}

    /** The consumer's work with one item: {@code units} steps of a linear congruential generator. */
    static long work(long item, long units) {
        long x = item;
        for (long i = 0; i < units; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    /** Nanoseconds for {@code exchanges} generator pairs to pass {@code items} items each, as coroutines on this thread. */
    static long coroutines(int exchanges, long items, long units) {
        long[] handed = new long[exchanges];
        List<Continuation> consumers = new ArrayList<>(exchanges);
        for (int k = 0; k < exchanges; k++) {
            int me = k;
            consumers.add(new Continuation(SCOPE, () -> {
                long acc = 0;
                while (true) {
                    acc += work(handed[me], units); // r = c.send(n): the consumer works, then yields back
                    sink = acc;
                    Continuation.yield(SCOPE);
                }
            }));
        }
        long start = System.nanoTime();
        for (long i = 0; i < items; i++) {
            for (int k = 0; k < exchanges; k++) {
                handed[k] = i;
                consumers.get(k).run();
            }
        }
        return System.nanoTime() - start;
    }

    /** Nanoseconds for {@code exchanges} pairs of platform threads to hand over {@code items} items each. */
    static long threadPairs(int exchanges, long items, long units) throws InterruptedException {
        return pairs(Thread.ofPlatform(), exchanges, items, units);
    }

    /**
     * The same with threads of {@code kind}, platform or virtual: all started first, the clock
     * running from when the producers are let go to the last one's join.
     */
    static long pairs(Thread.Builder kind, int exchanges, long items, long units) throws InterruptedException {
        List<Thread> all = new ArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int k = 0; k < exchanges; k++) {
            AtomicInteger turn = new AtomicInteger(); // 0: the producer's, 1: the consumer's
            Thread[] pair = new Thread[2];
            pair[1] = kind.unstarted(() -> {
                long acc = 0;
                for (long i = 0; i < items; i++) {
                    while (turn.get() != 1) {
                        LockSupport.park();
                    }
                    acc += work(i, units);
                    turn.set(0);
                    LockSupport.unpark(pair[0]);
                }
                sink = acc;
            });
            pair[0] = kind.unstarted(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long i = 0; i < items; i++) {
                    turn.set(1);
                    LockSupport.unpark(pair[1]);
                    while (turn.get() != 0) {
                        LockSupport.park();
                    }
                }
            });
            all.add(pair[0]);
            all.add(pair[1]);
        }
        all.forEach(Thread::start);
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : all) {
            t.join();
        }
        return System.nanoTime() - start;
    }

    /**
     * Nanoseconds for one process per CPU in {@code cpus}, each with {@code exchanges / cpus} of the
     * exchanges as coroutines, from the moment all are told "go" to the last one's finish.
     */
    static long processes(int[] cpus, int exchanges, long items, long units, long warmNanos) throws Exception {
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < cpus.length; i++) {
                int share = exchanges / cpus.length + (i < exchanges % cpus.length ? 1 : 0);
                List<String> command = new ArrayList<>(CostsProbe.javaCommand(MultiCore.class));
                command.addAll(List.of(Integer.toString(share), Long.toString(items), Long.toString(units), Integer.toString(cpus[i]),
                        Long.toString(warmNanos)));
                children.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            List<BufferedReader> outs = new ArrayList<>();
            for (Process child : children) {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
                if (!"ready".equals(out.readLine())) {
                    throw new IllegalStateException("a per-core process did not start");
                }
                outs.add(out);
            }
            for (Process child : children) {
                PrintWriter in = new PrintWriter(child.getOutputStream(), true);
                in.println("go");
            }
            long slowest = 0;
            for (BufferedReader out : outs) {
                slowest = Math.max(slowest, Long.parseLong(out.readLine().trim()));
            }
            return slowest;
        } finally {
            for (Process child : children) {
                child.getOutputStream().close();
                if (!child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor();
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Libc.prctl(Libc.PR_SET_PDEATHSIG, Libc.SIGKILL); // a probe that dies takes this process with it
        int exchanges = Integer.parseInt(args[0]);
        long items = Long.parseLong(args[1]), units = Long.parseLong(args[2]);
        Libc.pinCallingThread(Integer.parseInt(args[3]));
        // Warm up: the JIT compiles the loop and the consumers, then falls quiet, before anything counts.
        long warm = Long.parseLong(args[4]);
        for (long end = System.nanoTime() + warm; System.nanoTime() - end < 0; ) {
            coroutines(exchanges, Math.max(1, items / 10), units);
        }
        Handoffs.untilJitQuiet(Handoffs.jitWaitMillis(warm));
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        if (!"go".equals(in.readLine())) {
            return;
        }
        System.out.println(exchanges == 0 ? 0 : coroutines(exchanges, items, units));
        System.out.flush();
    }
}
