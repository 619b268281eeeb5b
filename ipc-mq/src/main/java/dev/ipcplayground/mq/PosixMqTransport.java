package dev.ipcplayground.mq;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.InterProcessTransport;
import dev.ipcplayground.core.Quantities;
import dev.ipcplayground.core.TransportOption;
import dev.ipcplayground.core.os.NativeException;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The kernel's POSIX message queues: {@code mq_open}, {@code mq_timedsend},
 * {@code mq_timedreceive}. Unlike a pipe, the kernel keeps message boundaries: one send is one
 * receive, whole, so no framing is needed. Each queue has a fixed depth and a fixed largest
 * message, bounded by the sysctls in /proc/sys/fs/mqueue.
 *
 * <p>Many writers are what a queue is for: each {@code mq_send} puts one whole message into the
 * queue under the queue's lock, so messages of several producers never mix, whatever their size.
 * With {@code --producers N} every producer sends into the one request queue, and each has a reply
 * queue of its own, into which the consumer sends the replies meant for it.
 */
public final class PosixMqTransport implements InterProcessTransport {

    /** How many messages each queue holds: by default, and at most, the kernel's limit for unprivileged users. */
    static final TransportOption DEPTH = new TransportOption("queue-depth", "N",
            "messages each queue holds, 1 to the kernel's fs.mqueue.msg_max",
            () -> Long.toString(MqueueLimits.read().maxDepth()), PosixMqTransport::depth);

    @Override
    public String name() {
        return "posix-mq";
    }

    @Override
    public String description() {
        return "the kernel's POSIX message queues (mq_open(3)), one per direction, "
                + "message boundaries kept by the kernel (--queue-depth)";
    }

    @Override
    public List<TransportOption> options() {
        return List.of(DEPTH);
    }

    private static String depth(String given) {
        long max = MqueueLimits.read().maxDepth(), depth;
        try {
            depth = Quantities.count(given);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--queue-depth must be a whole number: " + e.getMessage());
        }
        if (depth < 1 || depth > max) {
            throw new IllegalArgumentException("--queue-depth must be between 1 and " + max
                    + " (the kernel's limit, /proc/sys/fs/mqueue/msg_max; raise it with sysctl fs.mqueue.msg_max=N), got " + depth);
        }
        return Long.toString(depth);
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return MqueueLimits.read().maxMessageBytes() - Frame.HEADER_BYTES;
    }

    @Override
    public String limitReason(RunSpec spec) {
        return " (a frame must fit in one queue message: /proc/sys/fs/mqueue/msgsize_max is "
                + MqueueLimits.read().maxMessageBytes() + " bytes, less 24 of frame header; raise it with sysctl fs.mqueue.msgsize_max=N)";
    }

    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        return ManyProducers.as("one request queue that every producer sends into, and a reply queue per producer");
    }

    /*
     * The launcher creates every queue, exclusively and private (O_CREAT|O_EXCL, 0600), sized for
     * this run: the requests, and a reply queue per producer.
     */
    @Override
    public void prepare(RunContext run) throws IOException {
        long depth = Long.parseLong(DEPTH.valueIn(run.spec()));
        PosixQueue.create(requests(run), depth, requestBytes(run));
        for (int p = 0; p < run.spec().producers(); p++) {
            PosixQueue.create(replies(run, p), depth, replyBytes());
        }
    }

    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        PosixQueue[] replies = new PosixQueue[run.spec().producers()];
        for (int p = 0; p < replies.length; p++) {
            replies[p] = PosixQueue.open(replies(run, p), replyBytes());
        }
        return endpoint(PosixQueue.open(requests(run), requestBytes(run)), replies, PeerProcess.producersOf(run));
    }

    @Override
    public Endpoint openProducer(RunContext run, int producer) throws IOException {
        return endpoint(PosixQueue.open(replies(run, producer), replyBytes()),
                new PosixQueue[] {PosixQueue.open(requests(run), requestBytes(run))}, PeerProcess.fromPidFile(run, Role.CONSUMER));
    }

    /**
     * A queue never tells a side that its peer died: a watchdog wakes it, a receiver by sending it a
     * message, a sender on a full queue by taking one out.
     */
    private static Endpoint endpoint(PosixQueue in, PosixQueue[] out, PeerProcess peer) {
        return new PosixMqEndpoint(in, out, peer.watch(() -> {
            in.wakeUp();
            for (PosixQueue queue : out) {
                queue.makeRoom();
            }
        }));
    }

    /** Queues outlive their processes until unlinked: remove them all, whatever happened. */
    @Override
    public void cleanup(RunContext run) {
        for (String name : names(run)) {
            try {
                PosixQueue.unlink(name);
            } catch (NativeException e) {
                System.err.println("posix-mq: could not remove queue /" + name + ": " + e.getMessage());
            }
        }
    }

    @Override
    public List<String> objectsOutside(RunContext run) {
        return names(run).stream().filter(PosixQueue::exists).map(name -> "POSIX queue /" + name).toList();
    }

    /** The run's queues: the requests, and each producer's replies. */
    private static List<String> names(RunContext run) {
        return Stream.concat(Stream.of(requests(run)),
                IntStream.range(0, run.spec().producers()).mapToObj(p -> replies(run, p))).toList();
    }

    static String requests(RunContext run) {
        return run.objectName("req");
    }

    /** Producer {@code producer}'s reply queue: {@code ...-rep} for the first (as in a run of one), {@code ...-rep-2} ... */
    static String replies(RunContext run, int producer) {
        return run.objectName(producer == 0 ? "rep" : "rep-" + producer);
    }

    private static long requestBytes(RunContext run) {
        return Frame.largestFrame(run.spec().payloadSize()); // the end marker may be larger than a message
    }

    private static long replyBytes() {
        return Frame.LARGEST_REPLY_FRAME;
    }

    /**
     * One side: the queue it reads, and the queues it writes: the producer's one, the requests;
     * the consumer's, a reply queue per producer, each frame sent into the one of the producer it names.
     */
    private record PosixMqEndpoint(PosixQueue in, PosixQueue[] out, PeerProcess peer) implements Endpoint {
        @Override
        public void send(Frame frame) throws IOException {
            out[out.length == 1 ? 0 : frame.producer()].send(frame.bytes(), frame.length(), peer);
        }

        @Override
        public void receive(Frame frame) throws IOException {
            in.receive(frame.bytes(), peer);
        }

        @Override
        public void close() {
            peer.close();
            in.close();
            for (PosixQueue queue : out) {
                queue.close();
            }
        }
    }
}
