package dev.ipcplayground.shm;

import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One ring in ordinary memory, with real semaphores, for tests inside one JVM: the writer and
 * the reader are two {@link MessageRing} objects of one kind over the same segment, as the two
 * processes are.
 */
final class RingFixture implements AutoCloseable {

    final long capacity;
    final MemorySegment header;
    final MemorySegment ring;
    final RingKind kind;
    final MessageRing writer;
    final MessageRing reader;
    private final Arena arena = Arena.ofShared();
    private final PeerProcess peer;
    private final List<NamedSemaphore> semaphores = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    RingFixture(long capacity, WaitStrategy wait, int slotFrameBytes, long peerPid) throws Exception {
        this(RingKind.TEXTBOOK, capacity, wait, slotFrameBytes, peerPid);
    }

    RingFixture(RingKind kind, long capacity, WaitStrategy wait, int slotFrameBytes, long peerPid) throws Exception {
        this.kind = kind;
        this.capacity = capacity;
        header = arena.allocate(RingLayout.HEADER_BYTES, 64);
        header.set(ValueLayout.JAVA_LONG, RingLayout.PRODUCER_PID_OFFSET, peerPid);
        ring = arena.allocate(RingLayout.ringBytes(capacity), 128);
        peer = new PeerProcess(() -> header.get(ValueLayout.JAVA_LONG, RingLayout.PRODUCER_PID_OFFSET), Role.PRODUCER);
        NamedSemaphore filled = null, free = null, filledToo = null, freeToo = null;
        if (wait != WaitStrategy.SPIN) {
            String prefix = "ipcpg-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            int slots = (int) (capacity / RingLayout.recordBytes(slotFrameBytes));
            filled = create(prefix + "-filled", 0);
            free = create(prefix + "-free", wait == WaitStrategy.BLOCK && kind == RingKind.TEXTBOOK ? slots : 0);
            filledToo = open(prefix + "-filled");
            freeToo = open(prefix + "-free");
        }
        peer.watch(() -> semaphores.forEach(s -> {
            try {
                s.post();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }));
        writer = kind.open(ring, capacity, wait, filled, free, peer, true);
        reader = kind.open(ring, capacity, wait, filledToo, freeToo, peer, false);
    }

    private NamedSemaphore create(String name, int value) throws Exception {
        names.add(name);
        NamedSemaphore s = NamedSemaphore.create(name, value);
        semaphores.add(s);
        return s;
    }

    private NamedSemaphore open(String name) throws Exception {
        NamedSemaphore s = NamedSemaphore.open(name);
        semaphores.add(s);
        return s;
    }

    /** {@code length} bytes that differ with {@code seed}: a record's contents, recognisable when it comes out. */
    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    long tail() {
        return ring.get(ValueLayout.JAVA_LONG, RingLayout.TAIL_OFFSET);
    }

    /** The head as the reader last handed it back: ours in the ring's header, Agrona's in its trailer. */
    long head() {
        return kind == RingKind.AGRONA
                ? ring.get(ValueLayout.JAVA_LONG, RingLayout.DATA_OFFSET + capacity
                        + org.agrona.concurrent.ringbuffer.RingBufferDescriptor.HEAD_POSITION_OFFSET)
                : ring.get(ValueLayout.JAVA_LONG, RingLayout.HEAD_OFFSET);
    }

    @Override
    public void close() throws Exception {
        peer.close();
        semaphores.forEach(NamedSemaphore::close);
        for (String name : names) {
            NamedSemaphore.unlink(name);
        }
        arena.close();
    }
}
