package dev.ipcplayground.mq;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.os.NativeException;
import java.io.IOException;
import java.util.Set;

/**
 * The kernel's POSIX message queues: {@code mq_open}, {@code mq_timedsend},
 * {@code mq_timedreceive}. Unlike a pipe, the kernel keeps message boundaries: one send is one
 * receive, whole, so no framing is needed. Each queue has a fixed depth and a fixed largest
 * message, bounded by the sysctls in /proc/sys/fs/mqueue.
 */
public final class PosixMqTransport implements Transport {

    static final String DEPTH = "queue-depth";

    @Override
    public String name() {
        return "posix-mq";
    }

    @Override
    public String description() {
        return "POSIX message queues (mq_open): one kernel queue per direction, message boundaries kept (--queue-depth)";
    }

    @Override
    public Set<String> settings() {
        return Set.of(DEPTH);
    }

    @Override
    public RunSpec check(RunSpec spec) {
        MqueueLimits limits = MqueueLimits.read();
        long depth = depth(spec, limits);
        if (depth < 1 || depth > limits.maxDepth()) {
            throw new IllegalArgumentException("--queue-depth must be between 1 and " + limits.maxDepth()
                    + " (the kernel's limit, /proc/sys/fs/mqueue/msg_max; raise it with sysctl fs.mqueue.msg_max=N), got " + depth);
        }
        return Transport.super.check(spec.with(DEPTH, Long.toString(depth)));
    }

    private static long depth(RunSpec spec, MqueueLimits limits) {
        try {
            return Long.parseLong(spec.setting(DEPTH, Long.toString(limits.maxDepth())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--queue-depth must be a whole number, got '" + spec.setting(DEPTH, "") + "'");
        }
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
        long depth = Long.parseLong(run.spec().setting(DEPTH, "10"));
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
