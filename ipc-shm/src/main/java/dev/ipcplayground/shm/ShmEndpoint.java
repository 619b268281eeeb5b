package dev.ipcplayground.shm;

import static dev.ipcplayground.shm.RingLayout.CONSUMER_PID_OFFSET;
import static dev.ipcplayground.shm.RingLayout.PRODUCER_PID_OFFSET;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Faults;
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
 * One side's view of the shared file: the rings it writes and the ring it reads. With one
 * producer, the producer writes requests (ring 0) and reads replies (ring 1); the consumer the
 * other way round. With many ({@link ShmSettings#rings}), the consumer reads every request ring
 * (or the one they share) and writes each producer's reply ring; a producer uses its own two.
 */
final class ShmEndpoint implements Endpoint {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final Arena arena;
    private final List<NamedSemaphore> semaphores;
    private final PeerProcess peer;
    /** The rings this side writes: the producer's one, or the consumer's reply ring per producer. */
    private final MessageRing[] out;
    private final MessageRing in;

    private ShmEndpoint(Arena arena, List<NamedSemaphore> semaphores, PeerProcess peer, MessageRing[] out, MessageRing in) {
        this.arena = arena;
        this.semaphores = semaphores;
        this.peer = peer;
        this.out = out;
        this.in = in;
    }

    /** The consumer: it reads every producer's requests and writes each producer's replies. */
    static ShmEndpoint openConsumer(RunContext run) throws IOException {
        ShmSettings settings = ShmSettings.of(run.spec());
        int n = settings.producers();
        return open(run, (file, semaphores) -> {
            LONG.setVolatile(file, CONSUMER_PID_OFFSET, ProcessHandle.current().pid()); // so the producers can tell if we die
            // With one producer its pid is in the header (written when it maps the file, 0 until then); with many, in their pid files.
            PeerProcess peer = n == 1 ? new PeerProcess(() -> (long) LONG.getVolatile(file, PRODUCER_PID_OFFSET), Role.PRODUCER)
                    : PeerProcess.producersOf(run);
            Rings rings = new Rings(run, settings, file, semaphores, peer);
            MessageRing[] replies = new MessageRing[n];
            List<Integer> written = new ArrayList<>(), read = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                replies[p] = rings.open(settings.replyRing(p), true);
                written.add(settings.replyRing(p));
            }
            MessageRing requests;
            if (n == 1 || settings.sharedRequests()) {
                requests = rings.open(settings.requestRing(0), false);
                read.add(settings.requestRing(0));
            } else {
                MessageRing[] each = new MessageRing[n];
                for (int p = 0; p < n; p++) {
                    each[p] = rings.open(settings.requestRing(p), false);
                    read.add(settings.requestRing(p));
                }
                // Sleeps once for all: in the first request ring's word, where every producer's writer looks.
                requests = new RingPerProducer(each, rings.waiter(settings.requestRing(0), false));
            }
            prefault(file, settings.capacity(), written, read);
            return new Opened(peer, replies, requests);
        });
    }

    /** Producer {@code producer}: it writes its requests (into its own ring, or the one all share) and reads its replies. */
    static ShmEndpoint openProducer(RunContext run, int producer) throws IOException {
        ShmSettings settings = ShmSettings.of(run.spec());
        Faults.producerOpens();
        return open(run, (file, semaphores) -> {
            if (settings.producers() == 1) {
                LONG.setVolatile(file, PRODUCER_PID_OFFSET, ProcessHandle.current().pid()); // with many, the pid files say it
            }
            PeerProcess peer = new PeerProcess(() -> (long) LONG.getVolatile(file, CONSUMER_PID_OFFSET), Role.CONSUMER);
            Rings rings = new Rings(run, settings, file, semaphores, peer);
            int requestRing = settings.requestRing(producer), replyRing = settings.replyRing(producer);
            MessageRing requests = settings.producers() == 1 || settings.sharedRequests() ? rings.open(requestRing, true)
                    // our own ring, whose reader sleeps in the first request ring's word, for all producers
                    : rings.open(requestRing, true, Waiter.writer(settings.strategy(), rings.segment(requestRing),
                            rings.semaphore(requestRing, "free"), rings.segment(settings.requestRing(0)),
                            rings.semaphore(settings.requestRing(0), "filled"), peer));
            MessageRing replies = rings.open(replyRing, false);
            // A ring that others write too is touched by reading: zeroing it would wipe their records.
            prefault(file, settings.capacity(), settings.sharedRequests() ? List.of() : List.of(requestRing),
                    settings.sharedRequests() ? List.of(requestRing, replyRing) : List.of(replyRing));
            return new Opened(peer, new MessageRing[] {requests}, replies);
        });
    }

    /** What a side opened in the mapped file: its peer or peers, the rings it writes and the ring it reads. */
    private record Opened(PeerProcess peer, MessageRing[] out, MessageRing in) {}

    private interface Opening {
        Opened open(MemorySegment file, List<NamedSemaphore> semaphores) throws IOException;
    }

    /**
     * Maps the file, checks its header and lets {@code opening} open this side's rings; on failure
     * closes what was opened. The endpoint then owns the arena and the semaphores.
     */
    private static ShmEndpoint open(RunContext run, Opening opening) throws IOException {
        ShmSettings settings = ShmSettings.of(run.spec());
        Arena arena = Arena.ofShared();
        List<NamedSemaphore> semaphores = new ArrayList<>();
        try {
            // Map the file: from now on its pages are part of our address space, the same
            // physical pages as in the peer's. No read() or write() will touch them again.
            MemorySegment file;
            try (FileChannel channel = FileChannel.open(run.file(ShmSettings.FILE), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                file = channel.map(FileChannel.MapMode.READ_WRITE, 0,
                        RingLayout.fileBytes(settings.capacity(), settings.rings()), arena);
            }
            checkHeader(file, settings);
            Opened opened = opening.open(file, semaphores);
            // If a peer dies, wake whatever we sleep on (any of our semaphores) so we can stop.
            opened.peer().watch(() -> semaphores.forEach(ShmEndpoint::postQuietly));
            return new ShmEndpoint(arena, semaphores, opened.peer(), opened.out(), opened.in());
        } catch (IOException | RuntimeException e) {
            semaphores.forEach(NamedSemaphore::close);
            arena.close();
            throw e;
        }
    }

    /** One side's rings of the file, each opened with its semaphores (none with --wait spin). */
    private record Rings(RunContext run, ShmSettings settings, MemorySegment file, List<NamedSemaphore> opened,
                         PeerProcess peer, java.util.Map<String, NamedSemaphore> byName) {

        Rings(RunContext run, ShmSettings settings, MemorySegment file, List<NamedSemaphore> opened, PeerProcess peer) {
            this(run, settings, file, opened, peer, new java.util.HashMap<>());
        }

        MemorySegment segment(int ring) {
            return file.asSlice(RingLayout.ringOffset(ring, settings.capacity()), RingLayout.ringBytes(settings.capacity()));
        }

        /** The ring's semaphore, opened once: the ring and its waiter share the handle. */
        NamedSemaphore semaphore(int ring, String which) throws IOException {
            if (settings.strategy() == WaitStrategy.SPIN) {
                return null;
            }
            String name = settings.semaphore(run, ring, which);
            NamedSemaphore semaphore = byName.get(name);
            if (semaphore == null) {
                semaphore = NamedSemaphore.open(name);
                opened.add(semaphore);
                byName.put(name, semaphore);
            }
            return semaphore;
        }

        /** This side's waiter of {@code ring}, one writer and one reader (or the reader's half of many writers). */
        Waiter waiter(int ring, boolean writer) throws IOException {
            return Waiter.of(settings.strategy(), segment(ring), semaphore(ring, "filled"), semaphore(ring, "free"), peer, writer);
        }

        MessageRing open(int ring, boolean writer) throws IOException {
            return open(ring, writer, waiter(ring, writer));
        }

        MessageRing open(int ring, boolean writer, Waiter waiter) throws IOException {
            return settings.ring().open(segment(ring), settings.capacity(), settings.strategy(), semaphore(ring, "filled"),
                    semaphore(ring, "free"), peer, waiter, writer, settings.sharedRequests() && ring == 0);
        }
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
    private static void prefault(MemorySegment file, long capacity, List<Integer> outRings, List<Integer> inRings) {
        long page = 4096, sum = 0;
        for (int ring : outRings) {
            file.asSlice(RingLayout.ringOffset(ring, capacity) + RingLayout.DATA_OFFSET, capacity).fill((byte) 0);
        }
        for (int ring : inRings) {
            long in = RingLayout.ringOffset(ring, capacity) + RingLayout.DATA_OFFSET;
            for (long offset = 0; offset < capacity; offset += page) {
                sum += file.get(ValueLayout.JAVA_BYTE, in + offset);
            }
        }
        if (sum == Long.MIN_VALUE) { // never true; keeps the JIT from dropping the loop
            throw new AssertionError();
        }
    }

    /** A producer writes its one ring; the consumer the reply ring of the producer the frame names. */
    @Override
    public void send(Frame frame) throws IOException {
        (out.length == 1 ? out[0] : out[frame.producer()]).offer(frame.bytes(), frame.length());
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
        if (out.length == 1) { // a consumer of many writes many rings: its reading is what this lesson is about
            out[0].facts().forEach((key, value) -> facts.put("writing, " + key, value));
        }
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
