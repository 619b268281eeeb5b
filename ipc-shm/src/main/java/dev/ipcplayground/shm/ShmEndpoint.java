package dev.ipcplayground.shm;

import static dev.ipcplayground.shm.RingLayout.CONSUMER_PID_OFFSET;
import static dev.ipcplayground.shm.RingLayout.PRODUCER_PID_OFFSET;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One side's view of the shared file: the ring it writes and the ring it reads. The producer
 * writes requests (ring 0) and reads replies (ring 1); the consumer the other way round.
 */
final class ShmEndpoint implements Endpoint {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final int REQUESTS = 0, REPLIES = 1;

    private final Arena arena;
    private final List<NamedSemaphore> semaphores;
    private final PeerProcess peer;
    private final MessageRing out;
    private final MessageRing in;

    private ShmEndpoint(Arena arena, List<NamedSemaphore> semaphores, PeerProcess peer, MessageRing out, MessageRing in) {
        this.arena = arena;
        this.semaphores = semaphores;
        this.peer = peer;
        this.out = out;
        this.in = in;
    }

    static ShmEndpoint open(RunContext run, Role role) throws IOException {
        ShmSettings settings = ShmSettings.of(run.spec());
        Arena arena = Arena.ofShared();
        List<NamedSemaphore> semaphores = new ArrayList<>();
        try {
            // Map the file: from now on its pages are part of our address space, the same
            // physical pages as in the peer's. No read() or write() will touch them again.
            MemorySegment file;
            try (FileChannel channel = FileChannel.open(run.file(ShmSettings.FILE), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                file = channel.map(FileChannel.MapMode.READ_WRITE, 0, RingLayout.fileBytes(settings.capacity()), arena);
            }
            checkHeader(file, settings);
            // Say who we are, so the peer can tell if we die.
            boolean producer = role == Role.PRODUCER;
            LONG.setVolatile(file, producer ? PRODUCER_PID_OFFSET : CONSUMER_PID_OFFSET, ProcessHandle.current().pid());
            // The peer writes its pid into the header when it maps the file; 0 until then.
            long peerPidOffset = producer ? CONSUMER_PID_OFFSET : PRODUCER_PID_OFFSET;
            PeerProcess peer = new PeerProcess(() -> (long) LONG.getVolatile(file, peerPidOffset), role.peer());

            int outRing = producer ? REQUESTS : REPLIES, inRing = producer ? REPLIES : REQUESTS;
            MessageRing out = ring(run, settings, file, outRing, semaphores, peer, true);
            MessageRing in = ring(run, settings, file, inRing, semaphores, peer, false);
            prefault(file, settings.capacity(), outRing, inRing);
            // If the peer dies, wake whatever we sleep on (any of our semaphores) so we can stop.
            peer.watch(() -> semaphores.forEach(ShmEndpoint::postQuietly));
            return new ShmEndpoint(arena, semaphores, peer, out, in);
        } catch (IOException | RuntimeException e) {
            semaphores.forEach(NamedSemaphore::close);
            arena.close();
            throw e;
        }
    }

    private static MessageRing ring(RunContext run, ShmSettings settings, MemorySegment file, int ring,
                                   List<NamedSemaphore> opened, PeerProcess peer, boolean writer) throws IOException {
        NamedSemaphore filled = null, free = null;
        if (settings.strategy() != WaitStrategy.SPIN) {
            filled = NamedSemaphore.open(ShmSettings.semaphore(run, ring, "filled"));
            opened.add(filled);
            free = NamedSemaphore.open(ShmSettings.semaphore(run, ring, "free"));
            opened.add(free);
        }
        MemorySegment segment = file.asSlice(RingLayout.ringOffset(ring, settings.capacity()),
                RingLayout.ringBytes(settings.capacity()));
        return settings.ring().open(segment, settings.capacity(), settings.strategy(), filled, free, peer, writer);
    }

    private static void checkHeader(MemorySegment file, ShmSettings settings) throws IOException {
        long magic = file.get(ValueLayout.JAVA_LONG, RingLayout.MAGIC_OFFSET);
        int version = file.get(ValueLayout.JAVA_INT, RingLayout.VERSION_OFFSET);
        int ring = file.get(ValueLayout.JAVA_INT, RingLayout.RING_KIND_OFFSET);
        long fileCapacity = file.get(ValueLayout.JAVA_LONG, RingLayout.CAPACITY_OFFSET);
        if (magic != RingLayout.MAGIC || version != RingLayout.VERSION || fileCapacity != settings.capacity()
                || ring != settings.ring().ordinal()) {
            throw new IOException("the shared file is not a version " + RingLayout.VERSION + " " + settings.ring() + " ring of "
                    + settings.capacity() + " bytes (magic " + Long.toHexString(magic) + ", version " + version + ", ring "
                    + ring + ", capacity " + fileCapacity + ")");
        }
    }

    /**
     * Touch every page now, so the first laps of the measured phase take no page faults: the
     * kernel maps a page of a shared mapping into our page table only when we first touch it.
     * We write zeros into the ring we write (nobody reads it yet) and read the ring we read.
     */
    private static void prefault(MemorySegment file, long capacity, int outRing, int inRing) {
        long page = 4096;
        file.asSlice(RingLayout.ringOffset(outRing, capacity) + RingLayout.DATA_OFFSET, capacity).fill((byte) 0);
        long sum = 0, in = RingLayout.ringOffset(inRing, capacity) + RingLayout.DATA_OFFSET;
        for (long offset = 0; offset < capacity; offset += page) {
            sum += file.get(ValueLayout.JAVA_BYTE, in + offset);
        }
        if (sum == Long.MIN_VALUE) { // never true; keeps the JIT from dropping the loop
            throw new AssertionError();
        }
    }

    @Override
    public void send(Frame frame) throws IOException {
        out.offer(frame.bytes(), frame.length());
    }

    @Override
    public void receive(Frame frame) throws IOException {
        in.poll(frame.bytes());
    }

    /** What each ring did on this side: how many records a batch, a head read or a sleep carried. */
    @Override
    public java.util.Map<String, String> facts() {
        java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
        in.facts().forEach((key, value) -> facts.put("reading, " + key, value));
        out.facts().forEach((key, value) -> facts.put("writing, " + key, value));
        return facts;
    }

    private static void postQuietly(NamedSemaphore semaphore) {
        try {
            semaphore.post();
        } catch (IOException e) {
            System.err.println("shm: could not wake a sleeper: " + e.getMessage());
        }
    }

    /** Closes our semaphore handles and unmaps the file; the launcher removes both afterwards. */
    @Override
    public void close() {
        peer.close();
        semaphores.forEach(NamedSemaphore::close);
        arena.close();
    }
}
