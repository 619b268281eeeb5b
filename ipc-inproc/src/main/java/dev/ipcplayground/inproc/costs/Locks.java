package dev.ipcplayground.inproc.costs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The note's "coroutines share data without locks; threads need them": one counter, incremented
 * by N threads without a lock (a read, then a write: {@code count++} as the CPU does it), by N
 * threads under a lock, and by N coroutines on one thread without a lock. Each run counts what
 * the counter should read and what it reads: the updates lost are the difference.
 */
final class Locks {

    /** The shared counter: read and written apart, through a VarHandle so that the JIT does neither once for the whole loop. */
    static final class Counter {
        long value;
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** {@code value++} without a lock: another thread's write between this read and this write is lost. */
        void incrementRacing() {
            VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + 1);
        }

        synchronized void incrementLocked() {
            VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + 1);
        }
    }

    /** How the increments of one way went: expected, counted, and the nanoseconds they took. */
    record Tally(long expected, long counted, long nanos) {
        long lost() {
            return expected - counted;
        }

        double lostShare() {
            return (double) lost() / expected;
        }

        double nanosPerIncrement() {
            return (double) nanos / expected;
        }
    }

    private static final ContinuationScope SCOPE = new ContinuationScope("locks");

    /** How many increments a coroutine makes before it yields to the next. */
    static final int BETWEEN_YIELDS = 100;

    private Locks() {}

    static List<Claim> claims(int units, long incrementsEach) throws Exception {
        threads(units, incrementsEach / 10, false); // warm: each way compiled before it counts
        threads(units, incrementsEach / 10, true);
        coroutines(units, incrementsEach / 10);
        Tally racing = threads(units, incrementsEach, false), locked = threads(units, incrementsEach, true),
                coroutines = coroutines(units, incrementsEach);
        int cpus = Runtime.getRuntime().availableProcessors();
        String claim = "coroutines share data without locks; threads need them (无需锁)";
        String each = String.format(Locale.ROOT, "%d %%s increment one counter %,d times each", units, incrementsEach);
        List<Claim> rows = new ArrayList<>();
        rows.add(new Claim("locks: threads, no lock", 100 * racing.lostShare(), "% lost",
                String.format(each, "threads") + ", a read and then a write; " + lost(racing), claim,
                racing.lost() > 0 ? String.format(Locale.ROOT, "agrees: %,d of %,d updates lost, writes of one thread over another's "
                        + "between its read and its write", racing.lost(), racing.expected())
                        : cpus == 1 ? "not shown on one CPU: threads there interleave only where the scheduler preempts one, "
                                + "rarely between a read and its write; none lost this time"
                        : "not shown this time: none lost (the threads rarely ran at once); run again"));
        rows.add(new Claim("locks: threads, a lock", locked.nanosPerIncrement(), "ns",
                String.format(each, "threads") + " under one lock (synchronized); " + lost(locked), claim,
                locked.lost() == 0 ? String.format(Locale.ROOT, "agrees: none lost, at %.1f× the time of the racing increments",
                        locked.nanosPerIncrement() / racing.nanosPerIncrement())
                        : "disagrees: " + lost(locked) + " even under a lock"));
        rows.add(new Claim("locks: coroutines, no lock", 100 * coroutines.lostShare(), "% lost",
                String.format(each, "coroutines on one thread") + ", yielding every " + BETWEEN_YIELDS + "; " + lost(coroutines)
                        + String.format(Locale.ROOT, ", %.1f ns an increment", coroutines.nanosPerIncrement()), claim,
                coroutines.lost() == 0 ? "agrees: none lost without a lock: one thread, and a coroutine is switched only where it yields, "
                        + "never between a read and its write" : "disagrees: " + lost(coroutines)));
        return rows;
    }

    private static String lost(Tally t) {
        return String.format(Locale.ROOT, "the counter read %,d of %,d", t.counted(), t.expected());
    }

    /** {@code units} platform threads, started together, each incrementing the one counter. */
    static Tally threads(int units, long each, boolean locked) throws InterruptedException {
        Counter counter = new Counter();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            all.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long k = 0; k < each; k++) {
                    if (locked) {
                        counter.incrementLocked();
                    } else {
                        counter.incrementRacing();
                    }
                }
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : all) {
            t.join();
        }
        return new Tally(units * each, counter.value, System.nanoTime() - start);
    }

    /** {@code units} coroutines on this thread, taken in turns, each incrementing the one counter without a lock. */
    static Tally coroutines(int units, long each) {
        Counter counter = new Counter();
        List<Continuation> all = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            all.add(new Continuation(SCOPE, () -> {
                for (long k = 0; k < each; k++) {
                    counter.incrementRacing();
                    if ((k + 1) % BETWEEN_YIELDS == 0) {
                        Continuation.yield(SCOPE);
                    }
                }
            }));
        }
        long start = System.nanoTime();
        for (boolean running = true; running; ) {
            running = false;
            for (Continuation c : all) {
                if (!c.isDone()) {
                    c.run();
                    running = true;
                }
            }
        }
        return new Tally(units * each, counter.value, System.nanoTime() - start);
    }
}
