package dev.ipcplayground.shm;

import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Each shm ring with a writer thread and a reader thread at once, as JMH's
 * {@code JMHSample_15_Asymmetric} runs a group: one {@code write} thread and one {@code read}
 * thread share one ring ({@link Scope#Group}). The score to read is {@code read:records}, the
 * records per microsecond that reached the reader; the two threads' own op rates include the
 * turns they found the ring full or empty.
 *
 * <p>Each turn is a {@code tryOffer} or {@code tryPoll}, never a wait, so that a thread can stop
 * when JMH ends the iteration while its peer has already stopped. Spinning (no semaphores), a
 * 64-byte payload with its 24-byte header, a 64 KiB ring: the cache lines that cross between the
 * two cores, and nothing else, set the pace. In this package because the rings are package-private.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class RingBench {

    @Param({"TEXTBOOK", "FAST", "AGRONA"})
    String ring;

    @Param("88")
    int frameBytes;

    Arena arena;
    MessageRing writer, reader;
    byte[] in, out;

    /** The reader's records (the writer counts none): what crossed the ring, beside how often each side tried. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Moved {
        public long records;

        @Setup(Level.Iteration)
        public void clear() {
            records = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        long capacity = 1 << 16;
        MemorySegment segment = arena.allocate(RingLayout.ringBytes(capacity), 4096);
        PeerProcess self = new PeerProcess(() -> ProcessHandle.current().pid(), Role.PRODUCER);
        RingKind kind = RingKind.valueOf(ring);
        writer = kind.open(segment, capacity, WaitStrategy.SPIN, null, null, self, true);
        reader = kind.open(segment, capacity, WaitStrategy.SPIN, null, null, self, false);
        in = new byte[frameBytes];
        out = new byte[frameBytes];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @Group("ring")
    @GroupThreads(1)
    public boolean write() throws IOException {
        return writer.tryOffer(in, frameBytes);
    }

    @Benchmark
    @Group("ring")
    @GroupThreads(1)
    public void read(Moved moved) throws IOException {
        if (reader.tryPoll(out) >= 0) {
            moved.records++;
        }
    }
}
