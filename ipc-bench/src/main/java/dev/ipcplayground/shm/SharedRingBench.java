package dev.ipcplayground.shm;

import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The shm ring's hot path alone, one thread, no waiting: offer a record, poll it back (the
 * copies, the release/acquire of tail and head, the wrap-around). In this package because the
 * ring is package-private: a lesson's class need not be public to be measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SharedRingBench {

    @Param({"88", "4120"}) // a 64-byte and a 4 KiB payload with their 24-byte header
    int frameBytes;

    Arena arena;
    SharedRing writer, reader;
    byte[] in, out;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        long capacity = 1 << 16;
        MemorySegment ring = arena.allocate(RingLayout.ringBytes(capacity), 128);
        PeerProcess self = new PeerProcess(() -> ProcessHandle.current().pid(), Role.PRODUCER);
        writer = new SharedRing(ring, capacity, WaitStrategy.SPIN, null, null, self, true);
        reader = new SharedRing(ring, capacity, WaitStrategy.SPIN, null, null, self, false);
        in = new byte[frameBytes];
        out = new byte[frameBytes];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int offerThenPoll() throws IOException {
        writer.offer(in, frameBytes);
        return reader.poll(out);
    }
}
