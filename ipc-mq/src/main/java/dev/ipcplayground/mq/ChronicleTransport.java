package dev.ipcplayground.mq;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.InterProcessTransport;
import dev.ipcplayground.core.TransportOption;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.threads.Pauser;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Chronicle Queue: a persisted journal in memory-mapped files. The appender writes each
 * message at the end of the current file (a store into mapped memory, then a header word
 * flipped to say "complete"); a tailer in another process reads the same mapped pages, polling
 * for the next complete message. Nothing is ever removed: the journal can be replayed from the
 * start by any later reader, and it costs disk (here tmpfs) for every byte ever sent.
 */
public final class ChronicleTransport implements InterProcessTransport {

    static final TransportOption WAIT = TransportOption.choice("wait",
            "how the tailer waits for the next message: poll without pause (spin), Chronicle's balanced pauser "
                    + "(hybrid: spin, yield, then growing sleeps) or its sleepy one (block)", TailerWait.HYBRID);
    static final String REQUESTS = "chronicle-requests", REPLIES = "chronicle-replies";
    /** Journal files grow in blocks of this size; one message must fit in a quarter of one. */
    static final long BLOCK_BYTES = 16L << 20;
    static final long MAX_PAYLOAD = 1L << 20;

    @Override
    public String name() {
        return "chronicle";
    }

    @Override
    public String description() {
        return "Chronicle Queue: a memory-mapped journal per direction, read "
                + "by a polling tailer (--wait spin|hybrid|block)";
    }

    @Override
    public List<TransportOption> options() {
        return List.of(WAIT);
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return MAX_PAYLOAD;
    }

    @Override
    public String limitReason(RunSpec spec) {
        return " (this transport's journal is written in 16 MiB blocks; it carries up to 1 MiB per message)";
    }

    /**
     * Chronicle reaches into the JDK's internals for speed (direct memory, the cleaner of mapped
     * buffers); without these options it falls back to a read-only queue. The two properties keep
     * it from phoning home and from printing its banner.
     */
    @Override
    public List<String> childJvmOptions() {
        return List.of(
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Dchronicle.analytics.disable=true",
                "-Dchronicle.announcer.disable=true",
                "-Ddisable.resource.warning=true");
    }

    /**
     * Many producers: N appenders on one request queue, in N processes. Chronicle serializes them
     * with its append lock, a word in the queue's metadata file that an appender takes with a
     * compare-and-swap (holding its pid) for the length of one document; the tailer reads the
     * documents in the order the lock let them in. A reply queue per producer.
     */
    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        return ManyProducers.as("one request queue that every producer appends to, one document at a time under Chronicle's"
                + " append lock; a reply queue per producer");
    }

    /* The consumer builds every queue (creating their directories) before it reports ready. */
    @Override
    public Endpoint openConsumer(RunContext run) {
        int n = run.spec().producers();
        Path[] replies = new Path[n];
        for (int p = 0; p < n; p++) {
            replies[p] = replies(run, p);
        }
        return new JournalEndpoint(run, run.file(REQUESTS), replies,
                n == 1 ? PeerProcess.fromPidFile(run, Role.PRODUCER) : PeerProcess.producersOf(run));
    }

    @Override
    public Endpoint openProducer(RunContext run, int producer) {
        return new JournalEndpoint(run, replies(run, producer), new Path[] {run.file(REQUESTS)},
                PeerProcess.fromPidFile(run, Role.CONSUMER));
    }

    /** Producer {@code producer}'s replies: {@code chronicle-replies}, or with many {@code chronicle-replies-2}. */
    private static Path replies(RunContext run, int producer) {
        return run.file(run.spec().producers() == 1 ? REPLIES : REPLIES + "-" + producer);
    }

    /** How the tailer waits for the next message. */
    enum TailerWait {
        /** Poll without pause: lowest latency, a whole core. */
        SPIN,
        /** Chronicle's balanced pauser: spin, then yield, then sleep for growing intervals. */
        HYBRID,
        /** Chronicle's sleepy pauser: back off to millisecond sleeps quickly. */
        BLOCK;

        Pauser pauser() {
            return switch (this) {
                case SPIN -> Pauser.busy();
                case HYBRID -> Pauser.balanced();
                case BLOCK -> Pauser.sleepy();
            };
        }
    }

    /**
     * One side: a tailer on the journal it reads, an appender on each journal it writes (the
     * producer's one; the consumer's reply journal per producer).
     */
    private static final class JournalEndpoint implements Endpoint {

        private static final long PEER_CHECK_NANOS = 100_000_000;

        private final ChronicleQueue inQueue;
        private final ChronicleQueue[] outQueues;
        private final ExcerptTailer tailer;
        private final ExcerptAppender[] appenders;
        private final Pauser pauser;
        private final PeerProcess peer;

        JournalEndpoint(RunContext run, Path in, Path[] out, PeerProcess peer) {
            inQueue = ChronicleQueue.singleBuilder(in).blockSize(BLOCK_BYTES).build();
            tailer = inQueue.createTailer();     // from the start of the journal
            outQueues = new ChronicleQueue[out.length];
            appenders = new ExcerptAppender[out.length];
            for (int i = 0; i < out.length; i++) {
                outQueues[i] = ChronicleQueue.singleBuilder(out[i]).blockSize(BLOCK_BYTES).build();
                appenders[i] = outQueues[i].createAppender();
            }
            pauser = TransportOption.constant(TailerWait.class, WAIT.valueIn(run.spec())).pauser();
            this.peer = peer;
        }

        /**
         * One document: Chronicle writes a 4-byte length header, then our frame, into mapped memory.
         * The consumer writes to the journal of the producer the frame names.
         */
        @Override
        public void send(Frame frame) {
            ExcerptAppender appender = appenders.length == 1 ? appenders[0] : appenders[frame.producer()];
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().write(frame.bytes(), 0, frame.length());
            }
        }

        /** Polls the journal for the next complete document, pausing as the wait strategy says. */
        @Override
        public void receive(Frame frame) throws IOException {
            long nextPeerCheck = System.nanoTime() + PEER_CHECK_NANOS;
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (dc.isPresent()) {
                        Bytes<?> bytes = dc.wire().bytes();
                        long length = bytes.readRemaining();
                        if (length > frame.capacity()) {
                            throw new IOException("a journal entry holds " + length + " bytes; this run's frames hold "
                                    + frame.capacity());
                        }
                        bytes.read(frame.bytes(), 0, (int) length);
                        pauser.reset();
                        return;
                    }
                }
                pauser.pause();
                if (System.nanoTime() - nextPeerCheck > 0) {
                    peer.checkAlive("the next journal entry");
                    nextPeerCheck = System.nanoTime() + PEER_CHECK_NANOS;
                }
            }
        }

        @Override
        public void close() {
            inQueue.close();
            for (ChronicleQueue out : outQueues) {
                out.close();
            }
        }
    }
}
