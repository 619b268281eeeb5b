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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Two writers and one reader, the shape of {@code --producers 2}, in ipc-shm's two designs, with
 * the rings the transport runs (JMH's {@code JMHSample_15_Asymmetric} group: two {@code write}
 * threads and one {@code read} thread share the group's state):
 *
 * <ul>
 *   <li>{@code RING_PER_WRITER}: each writer its own fast ring, the reader polling them in turn
 *       ({@link RingPerProducer}, {@code --ring fast});</li>
 *   <li>{@code SHARED_FAST}, {@code SHARED_AGRONA}: both writers claim space in one ring with a
 *       CAS on its tail, the fast ring's or Agrona's {@code ManyToOneRingBuffer}, the reader
 *       reading its records in order ({@code --fan-in one-ring}).</li>
 * </ul>
 *
 * The score to read is {@code read:records}, records per microsecond that reached the reader, as
 * in {@link RingBench}; each writer's op rate counts its tries, full ring or not. Spinning, never
 * waiting; a 64-byte payload with its 24-byte header; 64 KiB rings. Three busy threads want three
 * cores: on two, they take turns and the figure says more about the scheduler than the rings.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class FanInRingBench {

    static final int WRITERS = 2;
    static final long CAPACITY = 1 << 16;

    @Param({"RING_PER_WRITER", "SHARED_FAST", "SHARED_AGRONA"})
    String design;

    @Param("88")
    int frameBytes;

    Arena arena;
    final MessageRing[] writers = new MessageRing[WRITERS];
    MessageRing reader;
    byte[] in, out;

    /** Which of the group's writers this thread is. */
    @State(Scope.Thread)
    public static class Writer {
        int index;

        @Setup(Level.Trial)
        public void index(ThreadParams thread) {
            index = thread.getSubgroupThreadIndex();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        PeerProcess self = new PeerProcess(() -> ProcessHandle.current().pid(), Role.PRODUCER);
        if (design.equals("RING_PER_WRITER")) {
            MessageRing[] read = new MessageRing[WRITERS];
            MemorySegment first = null;
            for (int w = 0; w < WRITERS; w++) {
                MemorySegment ring = arena.allocate(RingLayout.ringBytes(CAPACITY), 4096);
                first = first == null ? ring : first;
                writers[w] = RingKind.FAST.open(ring, CAPACITY, WaitStrategy.SPIN, null, null, self, true);
                read[w] = RingKind.FAST.open(ring, CAPACITY, WaitStrategy.SPIN, null, null, self, false);
            }
            reader = new RingPerProducer(read, Waiter.of(WaitStrategy.SPIN, first, null, null, self, false));
        } else {
            RingKind kind = design.equals("SHARED_FAST") ? RingKind.FAST : RingKind.AGRONA;
            MemorySegment ring = arena.allocate(RingLayout.ringBytes(CAPACITY), 4096);
            for (int w = 0; w < WRITERS; w++) {
                writers[w] = kind.open(ring, CAPACITY, WaitStrategy.SPIN, null, null, self,
                        Waiter.of(WaitStrategy.SPIN, ring, null, null, self, true), true, true);
            }
            reader = kind.open(ring, CAPACITY, WaitStrategy.SPIN, null, null, self,
                    Waiter.of(WaitStrategy.SPIN, ring, null, null, self, false), false, true);
        }
        in = new byte[frameBytes];
        out = new byte[frameBytes];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @Group("fanIn")
    @GroupThreads(WRITERS)
    public boolean write(Writer writer) throws IOException {
        return writers[writer.index].tryOffer(in, frameBytes);
    }

    @Benchmark
    @Group("fanIn")
    @GroupThreads(1)
    public void read(RingBench.Moved moved) throws IOException {
        if (reader.tryPoll(out) >= 0) {
            moved.records++;
        }
    }
}
