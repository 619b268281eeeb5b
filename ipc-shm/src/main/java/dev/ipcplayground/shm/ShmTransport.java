package dev.ipcplayground.shm;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.InterProcessTransport;
import dev.ipcplayground.core.TransportOption;
import dev.ipcplayground.core.os.NativeException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Shared memory: both processes map the same file, and a message moves by being copied into
 * memory that the other process can already see. No system call carries it; the kernel's only
 * part is to put a waiting side to sleep and wake it, through POSIX semaphores.
 *
 * <p>The file lives on /dev/shm, a tmpfs: its pages are plain memory, never written to disk.
 * In it, two rings ({@link RingLayout}): requests from producer to consumer and replies back;
 * with many producers, a request ring each (or one they all write) and a reply ring each
 * ({@link #manyProducers}, {@link ShmSettings#rings}).
 */
public final class ShmTransport implements InterProcessTransport {

    @Override
    public String name() {
        return "shm";
    }

    @Override
    public String description() {
        return "two ring buffers in a memory-mapped file on /dev/shm, guarded by "
                + "POSIX semaphores (--ring textbook|fast|agrona, --wait block|spin|hybrid, --ring-size)";
    }

    @Override
    public List<TransportOption> options() {
        return List.of(ShmSettings.RING, ShmSettings.WAIT, ShmSettings.RING_SIZE, ShmSettings.FAN_IN);
    }

    /** A comparison runs the textbook ring and Agrona's beside the fast one. */
    @Override
    public List<java.util.Map<String, String>> comparedWith() {
        return List.of(java.util.Map.of(ShmSettings.RING.name(), "textbook"), java.util.Map.of(ShmSettings.RING.name(), "agrona"));
    }

    /** Agrona's buffers (--ring agrona) use the JDK's own Unsafe, which the JDK exports only when asked. */
    @Override
    public List<String> childJvmOptions() {
        return List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return ShmSettings.of(spec).maxPayload();
    }

    @Override
    public String limitReason(RunSpec spec) {
        ShmSettings settings = ShmSettings.of(spec);
        String share = switch (settings.ring()) {
            case TEXTBOOK -> "";
            case FAST -> "half of ";
            case AGRONA -> "an eighth of ";
        };
        return " (one message must fit in " + share + "a ring of --ring-size " + settings.capacity() + " bytes, less "
                + (settings.ring() == RingKind.AGRONA ? "" : "8 bytes of record header and ") + "24 of frame header"
                + (settings.ring() == RingKind.TEXTBOOK ? "" : " with --ring " + TransportOption.key(settings.ring()))
                + "; raise --ring-size)";
    }

    /*
     * Before either child starts: create the file (mode 0600, in the 0700 run directory), size
     * it, write its header, and create the semaphores exclusively (O_CREAT|O_EXCL, mode 0600),
     * named after the run, so two runs can never share one.
     */
    @Override
    public void prepare(RunContext run) throws IOException {
        ShmSettings settings = ShmSettings.of(run.spec());
        Path path = run.file(ShmSettings.FILE);
        long bytes = RingLayout.fileBytes(settings.capacity(), settings.rings());
        long room = Files.getFileStore(path.getParent()).getUsableSpace();
        if (bytes > room) { // a mapped page that tmpfs cannot give is a SIGBUS, not an error: refuse now
            throw new IOException("the shared file needs " + bytes + " bytes (" + settings.rings() + " rings of --ring-size "
                    + settings.capacity() + ") and " + path.getParent() + " has " + room + " free: lower --ring-size or --producers");
        }
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Arena arena = Arena.ofConfined();
             FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Writing its last byte gives the new, empty file its size (FileChannel.truncate only
            // shrinks); tmpfs allocates the pages in between only when they are touched.
            channel.write(java.nio.ByteBuffer.allocate(1), bytes - 1);
            MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            file.set(ValueLayout.JAVA_LONG, RingLayout.MAGIC_OFFSET, RingLayout.MAGIC);
            file.set(ValueLayout.JAVA_INT, RingLayout.VERSION_OFFSET, RingLayout.VERSION);
            file.set(ValueLayout.JAVA_INT, RingLayout.RING_KIND_OFFSET, settings.ring().ordinal());
            file.set(ValueLayout.JAVA_LONG, RingLayout.CAPACITY_OFFSET, settings.capacity());
        }
        // With the textbook ring's --wait block the semaphores count (records to read, free
        // slots), as in the textbook bounded buffer; otherwise they only carry wake-ups, from 0.
        // Spinning never sleeps, so it has none.
        boolean counting = settings.countingSemaphores();
        for (int ring = 0; ring < settings.rings() && settings.strategy() != WaitStrategy.SPIN; ring++) {
            int frameBytes = settings.isRequestRing(ring) ? Frame.largestFrame(run.spec().payloadSize()) : Frame.LARGEST_REPLY_FRAME;
            NamedSemaphore.create(settings.semaphore(run, ring, "filled"), 0).close();
            NamedSemaphore.create(settings.semaphore(run, ring, "free"), counting ? settings.slots(frameBytes) : 0).close();
        }
    }

    /**
     * Many producers, two designs ({@code --fan-in}): a request ring per producer (one writer, one
     * reader, as with one producer), which the consumer polls in turn, sleeping once for all; or
     * one request ring that all producers write, claiming space with a CAS on its tail (Agrona's
     * {@code ManyToOneRingBuffer}, or the fast ring's own many-writer claim). The textbook ring
     * stays the first step of the lesson: one writer, one reader, semaphores that count one ring's
     * records.
     */
    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        ShmSettings settings = ShmSettings.of(spec);
        if (settings.ring() == RingKind.TEXTBOOK) {
            return ManyProducers.refused("the textbook ring has one writer and one reader, and semaphores that count"
                    + " one ring's records (--ring fast or agrona: a ring each, or one ring they all write, by --fan-in)");
        }
        String reply = "; a reply ring each";
        if (settings.oneRing()) {
            return ManyProducers.as(settings.ring() == RingKind.AGRONA
                    ? "one Agrona ManyToOneRingBuffer that every producer writes, claiming space with a CAS on its tail" + reply
                    : "one fast ring that every producer writes, claiming space with a CAS on its tail word" + reply);
        }
        return ManyProducers.as((settings.ring() == RingKind.AGRONA ? "an Agrona OneToOneRingBuffer" : "a fast ring")
                + " per producer, polled in turn by the consumer, who sleeps once for all of them" + reply);
    }

    /** With many producers the run's settings name the design it used, given or the ring's default. */
    @Override
    public RunSpec check(RunSpec spec) {
        RunSpec checked = InterProcessTransport.super.check(spec);
        return checked.fanIn() ? checked.with(ShmSettings.FAN_IN.name(), ShmSettings.of(checked).fanIn()) : checked;
    }

    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        return ShmEndpoint.openConsumer(run);
    }

    @Override
    public Endpoint openProducer(RunContext run, int producer) throws IOException {
        return ShmEndpoint.openProducer(run, producer);
    }

    /** The semaphores live outside the run directory (as /dev/shm/sem.NAME): unlink them. */
    @Override
    public void cleanup(RunContext run) {
        for (String name : semaphores(run)) {
            try {
                NamedSemaphore.unlink(name);
            } catch (NativeException e) {
                System.err.println("shm: could not remove semaphore " + name + ": " + e.getMessage());
            }
        }
    }

    @Override
    public List<String> objectsOutside(RunContext run) {
        return semaphores(run).stream().filter(NamedSemaphore::exists).map(name -> "semaphore /" + name).toList();
    }

    /** The run's semaphores: each ring's "filled" and "free" (none with --wait spin). */
    private static List<String> semaphores(RunContext run) {
        return ShmSettings.of(run.spec()).semaphores(run);
    }
}
