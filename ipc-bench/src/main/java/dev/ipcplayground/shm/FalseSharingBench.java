package dev.ipcplayground.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why the ring's tail and head are {@link RingLayout#CACHE_LINE_PAIR} bytes apart: two threads,
 * each storing its own counter (release, as the ring's sides store tail and head), with the two
 * counters {@code distance} bytes apart. At 8 they share a cache line, and every store of one
 * thread takes the line from the other core ("false sharing": nothing is shared but the line);
 * at 64 they are on neighbouring lines, which x86's adjacent-line prefetcher may still pair; at
 * 128, the ring's spacing, each has its lines to itself. Compare the scores of the three.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FalseSharingBench {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    @Param({"8", "64", "128"})
    long distance;

    Arena arena;
    MemorySegment counters;

    /** Each thread's own count, in a state of its own (JMH pads it): not itself falsely shared. */
    @State(Scope.Thread)
    public static class Count {
        long value;
    }

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        counters = arena.allocate(256, 128);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @Group("counters")
    @GroupThreads(1)
    public void writer(Count tail) {
        LONG.setRelease(counters, 0L, ++tail.value);
    }

    @Benchmark
    @Group("counters")
    @GroupThreads(1)
    public void reader(Count head) {
        LONG.setRelease(counters, distance, ++head.value);
    }
}
