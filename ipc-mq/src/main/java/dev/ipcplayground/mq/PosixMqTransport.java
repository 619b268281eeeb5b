package dev.ipcplayground.mq;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
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
import java.util.stream.Stream;

/**
 * The kernel's POSIX message queues: {@code mq_open}, {@code mq_timedsend},
 * {@code mq_timedreceive}. Unlike a pipe, the kernel keeps message boundaries: one send is one
 * receive, whole, so no framing is needed. Each queue has a fixed depth and a fixed largest
 * message, bounded by the sysctls in /proc/sys/fs/mqueue.
 */
public final class PosixMqTransport implements InterProcessTransport {

    /** How many messages each queue holds: by default, and at most, the kernel's limit for unprivileged users. */
    static final TransportOption DEPTH = new TransportOption("queue-depth", "N",
            "messages each queue holds, 1 to the kernel's fs.mqueue.msg_max (by default that limit)",
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

    /* The launcher creates both queues, exclusively and private (O_CREAT|O_EXCL, 0600), sized for this run. */
    @Override
    public void prepare(RunContext run) throws IOException {
        long depth = Long.parseLong(DEPTH.valueIn(run.spec()));
        PosixQueue.create(requests(run), depth, requestBytes(run));
        PosixQueue.create(replies(run), depth, replyBytes());
    }

    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        return endpoint(PosixQueue.open(requests(run), requestBytes(run)), PosixQueue.open(replies(run), replyBytes()),
                PeerProcess.fromPidFile(run, Role.PRODUCER));
    }

    @Override
    public Endpoint openProducer(RunContext run) throws IOException {
        return endpoint(PosixQueue.open(replies(run), replyBytes()), PosixQueue.open(requests(run), requestBytes(run)),
                PeerProcess.fromPidFile(run, Role.CONSUMER));
    }

    /**
     * A queue never tells a side that its peer died: a watchdog wakes it, a receiver by sending it a
     * message, a sender on a full queue by taking one out.
     */
    private static Endpoint endpoint(PosixQueue in, PosixQueue out, PeerProcess peer) {
        return new PosixMqEndpoint(in, out, peer.watch(() -> {
            in.wakeUp();
            out.makeRoom();
        }));
    }

    /** Queues outlive their processes until unlinked: remove both, whatever happened. */
    @Override
    public void cleanup(RunContext run) {
        for (String name : new String[] {requests(run), replies(run)}) {
            try {
                PosixQueue.unlink(name);
            } catch (NativeException e) {
                System.err.println("posix-mq: could not remove queue /" + name + ": " + e.getMessage());
            }
        }
    }

    @Override
    public List<String> objectsOutside(RunContext run) {
        return Stream.of(requests(run), replies(run)).filter(PosixQueue::exists).map(name -> "POSIX queue /" + name).toList();
    }

    static String requests(RunContext run) {
        return run.objectName("req");
    }

    static String replies(RunContext run) {
        return run.objectName("rep");
    }

    private static long requestBytes(RunContext run) {
        return Frame.largestFrame(run.spec().payloadSize()); // the end marker may be larger than a message
    }

    private static long replyBytes() {
        return Frame.LARGEST_REPLY_FRAME;
    }

    /** One side: the queue it reads and the queue it writes. */
    private record PosixMqEndpoint(PosixQueue in, PosixQueue out, PeerProcess peer) implements Endpoint {
        @Override
        public void send(Frame frame) throws IOException {
            out.send(frame.bytes(), frame.length(), peer);
        }

        @Override
        public void receive(Frame frame) throws IOException {
            in.receive(frame.bytes(), peer);
        }

        @Override
        public void close() {
            peer.close();
            in.close();
            out.close();
        }
    }
}
