package dev.ipcplayground.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a many-writer ring's claim costs when writers meet: two threads claiming record space,
 * as {@code --producers 2} does, in the two designs of ipc-shm's lesson (JMH's
 * {@code JMHSample_15_Asymmetric} groups, each thread's score its own claims per microsecond).
 *
 * <ul>
 *   <li>{@code sharedTail}: one tail that both advance with a compare-and-swap, as Agrona's
 *       {@code ManyToOneRingBuffer.tryClaim} does: each claim takes the tail's cache line into
 *       its core exclusively, and a CAS that lost the race reads it again and retries;</li>
 *   <li>{@code ownTails}: a tail each, on cache lines of their own, as with a ring per producer:
 *       a plain release store that no other core contends for;</li>
 *   <li>{@code oneWriter}: one thread and the CAS: what the claim costs uncontended, the price a
 *       single producer pays for a ring that could take many.</li>
 * </ul>
 *
 * No reader: the claims stand alone, so the difference between the groups is the cache line
 * crossing between cores and the retries, nothing else. On a machine with fewer than two free
 * cores the two threads take turns and the contention hardly shows: run it where they can meet.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ManyWritersBench {

    /** A record of a 64-byte payload: its 24-byte frame header and 8-byte record header, aligned. */
    static final long RECORD = 96;

    private static final VarHandle TAIL, OWN;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(Shared.class, "tail", long.class);
            OWN = MethodHandles.lookup().findVarHandle(Own.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The one tail both writers claim from. */
    @State(Scope.Group)
    public static class Shared {
        long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
        volatile long tail;
        long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }

    /** A writer's own tail, padded so two threads' tails never share a cache line pair. */
    @State(Scope.Thread)
    public static class Own {
        long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
        long tail;
        long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }

    /** Agrona's claim: read the tail, CAS it forward by a record; a lost race retries. */
    private static long claim(Shared shared) {
        long tail;
        do {
            tail = (long) TAIL.getVolatile(shared);
        } while (!TAIL.compareAndSet(shared, tail, tail + RECORD));
        return tail;
    }

    @Benchmark
    @Group("sharedTail")
    @GroupThreads(2)
    public long sharedTail(Shared shared) {
        return claim(shared);
    }

    @Benchmark
    @Group("ownTails")
    @GroupThreads(2)
    public long ownTails(Own own) {
        long tail = own.tail;
        OWN.setRelease(own, tail + RECORD);
        return tail;
    }

    @Benchmark
    @Group("oneWriter")
    @GroupThreads(1)
    public long oneWriter(Shared shared) {
        return claim(shared);
    }
}
