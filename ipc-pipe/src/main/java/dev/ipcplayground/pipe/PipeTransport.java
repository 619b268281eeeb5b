package dev.ipcplayground.pipe;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.ExitStatus;
import dev.ipcplayground.core.FdStreamEndpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.Side;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Topology;
import dev.ipcplayground.core.InterProcessTransport;
import dev.ipcplayground.core.child.ChildCommand;
import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.os.NativeException;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Anonymous pipes: the oldest IPC of Unix, {@code pipe(2)}.
 *
 * <p>A pipe is a buffer in the kernel (16 pages, 64 KiB by default) with two file descriptors:
 * one to write into, one to read from. It has no name, so nobody can open it; a process gets one
 * only by creating it or by inheriting it across {@code fork}. That is why, in this transport
 * alone, the producer starts the consumer as its own child: it makes two pipes with
 * {@code pipe2(2)} and hands one end of each to the child as its stdin and stdout.
 *
 * <p>One message, one way: the writer's {@code write(2)} copies the frame from its buffer into
 * the pipe's pages and wakes the reader; the reader's {@code read(2)} copies it out. Two system
 * calls and two copies per message, and in ping-pong each side sleeps until the other writes.
 * Both sides call {@code read} and {@code write} directly through the FFM API
 * ({@link FdStreamEndpoint}), without the JDK's streams in between.
 *
 * <p>Many producers ({@code --producers N}) share one requests pipe, and each has a replies pipe
 * of its own. A pipe reaches only the relatives of whoever made it, so here the family turns
 * round: the launcher starts the consumer, and the consumer makes the pipes and starts every
 * producer as its child, the requests pipe's write end as each producer's stdout, that producer's
 * replies pipe as its stdin. The kernel writes each frame of up to {@code PIPE_BUF} bytes into the
 * pipe whole, so the consumer reads whole frames, whoever wrote them; larger frames could
 * interleave, and with several producers they are refused.
 */
public final class PipeTransport implements InterProcessTransport {

    @Override
    public String name() {
        return "pipe";
    }

    @Override
    public String description() {
        return "anonymous pipes (pipe2(2)): the consumer is the producer's child, joined by its stdin and stdout";
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return Frame.MAX_PAYLOAD; // a pipe is a byte stream: any length, in as many writes as it takes
    }

    @Override
    public Topology topology(RunSpec spec) {
        return spec.fanIn() ? Topology.CONSUMER_STARTS_PRODUCERS : Topology.PRODUCER_STARTS_CONSUMER;
    }

    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        return FdStreamEndpoint.manyWriters(spec, "pipe", "one requests pipe that every producer writes, each frame in one write of at most PIPE_BUF"
                + " bytes; a replies pipe per producer; the consumer starts the producers, the pipes' only common parent");
    }

    /*
     * The consumer's end is simply its stdin and stdout, file descriptors 0 and 1: the pipes it
     * inherited. Nothing the JVM prints can slip into the stream, as ChildMain points System.out
     * at stderr. A read takes whatever the pipe holds, header and payload together, often several
     * messages in a stream; each reply is one write.
     */
    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        return run.spec().fanIn() ? startProducers(run) : new FdStreamEndpoint(STDIN, STDOUT, "the producer");
    }

    /*
     * The producer makes the two pipes (close-on-exec, so that no other child inherits them),
     * starts the consumer with the requests pipe's read end as its stdin and the replies pipe's
     * write end as its stdout, then closes its own copies of those two ends: from then on the
     * child holds them alone, so when it dies our read sees end-of-file and our write EPIPE. A
     * ProcessBuilder can only give a child files to open, so each end is passed as the path the
     * kernel shows for it, /proc/self/fd/N, which opens the same pipe.
     */
    @Override
    public Endpoint openProducer(RunContext run, int producer) throws IOException {
        if (run.spec().fanIn()) {
            return new FdStreamEndpoint(STDIN, STDOUT, "the consumer"); // the pipes the consumer gave us
        }
        int[] requests = pipe(), replies = pipe();
        Process consumer;
        try {
            consumer = ChildCommand.builder(Role.CONSUMER, run, this)
                    .redirectInput(ProcessBuilder.Redirect.from(ownFd(requests[READ])))
                    .redirectOutput(ProcessBuilder.Redirect.to(ownFd(replies[WRITE])))
                    .start();
            ChildCommand.recordExit(run, Side.CONSUMER, consumer);
        } catch (IOException e) {
            for (int fd : new int[] {requests[WRITE], replies[READ]}) {
                Libc.close(fd);
            }
            throw e;
        } finally {
            Libc.close(requests[READ]);
            Libc.close(replies[WRITE]);
        }
        return new ConsumerPipes(consumer, new FdStreamEndpoint(replies[READ], requests[WRITE],
                "the consumer (pid " + consumer.pid() + ")"), run);
    }

    /*
     * With several producers, the consumer makes one requests pipe and a replies pipe per producer,
     * starts producer i with the requests' write end as its stdout and its replies' read end as its
     * stdin, and then closes those ends of its own: each producer alone holds them, so the requests
     * pipe ends (end-of-file) only when every producer has closed it. Each producer's way of ending
     * is recorded for the launcher, which is not its parent (ChildCommand.recordExit).
     */
    private Endpoint startProducers(RunContext run) throws IOException {
        int n = run.spec().producers();
        int[] requests = pipe();
        int[] replyWriteEnds = new int[n];
        List<Process> producers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int[] replies = pipe();
                replyWriteEnds[i] = replies[WRITE];
                try {
                    Side side = Side.producer(i);
                    Process producer = ChildCommand.builder(side, run, this)
                            .redirectInput(ProcessBuilder.Redirect.from(ownFd(replies[READ])))
                            .redirectOutput(ProcessBuilder.Redirect.to(ownFd(requests[WRITE])))
                            .start();
                    producers.add(producer);
                    ChildCommand.recordExit(run, side, producer);
                } finally {
                    Libc.close(replies[READ]);
                }
            }
        } catch (IOException e) {
            producers.forEach(Process::destroyForcibly);
            Libc.close(requests[READ]);
            for (int fd : replyWriteEnds) {
                if (fd > 0) {
                    Libc.close(fd);
                }
            }
            throw e;
        } finally {
            Libc.close(requests[WRITE]);
        }
        return new ProducerPipes(producers, new FdStreamEndpoint(requests[READ], replyWriteEnds, "the producers"), run);
    }

    private static final int STDIN = 0, STDOUT = 1, READ = 0, WRITE = 1;

    /** A new pipe: its read end, then its write end. */
    private static int[] pipe() throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment fds = call.allocate(ValueLayout.JAVA_INT, 2);
            if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) {
                throw new NativeException("pipe2", "a pipe to the consumer", Libc.errno());
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, READ), fds.getAtIndex(ValueLayout.JAVA_INT, WRITE)};
        }
    }

    private static File ownFd(int fd) {
        return new File("/proc/self/fd/" + fd);
    }

    /** The consumer's end with several producers: the pipes to its children, and the children, awaited on close. */
    private static final class ProducerPipes implements Endpoint {

        private final List<Process> producers;
        private final FdStreamEndpoint pipes;
        private final RunContext run;

        ProducerPipes(List<Process> producers, FdStreamEndpoint pipes, RunContext run) {
            this.producers = producers;
            this.pipes = pipes;
            this.run = run;
        }

        @Override
        public void send(Frame frame) throws IOException {
            pipes.send(frame);
        }

        @Override
        public void receive(Frame frame) throws IOException {
            pipes.receive(frame);
        }

        /** Closing the replies pipes ends the producers' input; each then exits, having written its result. */
        @Override
        public void close() throws IOException {
            pipes.close();
            long deadline = System.nanoTime() + run.spec().timeout().toNanos();
            try {
                for (int i = 0; i < producers.size(); i++) {
                    awaitCleanExit(producers.get(i), "producer " + i, deadline);
                }
            } finally {
                producers.forEach(Process::destroyForcibly); // those that exited are not touched; one that did not must not stay
            }
        }
    }

    /** The producer's end: the pipes to its child, and the child itself, awaited on close. */
    private static final class ConsumerPipes implements Endpoint {

        private final Process consumer;
        private final FdStreamEndpoint pipes;
        private final RunContext run;

        ConsumerPipes(Process consumer, FdStreamEndpoint pipes, RunContext run) {
            this.consumer = consumer;
            this.pipes = pipes;
            this.run = run;
        }

        @Override
        public void send(Frame frame) throws IOException {
            try {
                pipes.send(frame);
            } catch (IOException e) {
                throw explained(e); // EPIPE: the consumer closed its stdin, most likely by dying
            }
        }

        @Override
        public void receive(Frame frame) throws IOException {
            try {
                pipes.receive(frame);
            } catch (IOException e) {
                throw explained(e); // end of stream: the consumer's stdout closed
            }
        }

        /** A broken pipe usually means a dead consumer: say how it ended, if it did. */
        private IOException explained(IOException e) {
            try {
                if (consumer.waitFor(500, TimeUnit.MILLISECONDS)) {
                    return new IOException("the consumer (pid " + consumer.pid() + ") "
                            + ExitStatus.describe(consumer.exitValue()) + " during the run", e);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return e;
        }

        /** Closing its stdin is the consumer's end of file; then it writes its result and exits. */
        @Override
        public void close() throws IOException {
            pipes.close();
            awaitCleanExit(consumer, "the consumer", System.nanoTime() + run.spec().timeout().toNanos());
        }
    }

    /**
     * Waits until a child this side started has exited, by {@code deadline} (System.nanoTime), and
     * fails naming it ({@code who}: "the consumer", "producer 2") if it did not, or not with 0.
     */
    private static void awaitCleanExit(Process child, String who, long deadline) throws IOException {
        try {
            if (!child.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                child.destroyForcibly();
                throw new IOException(who + " (pid " + child.pid() + ") did not exit after the run");
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + who + " to exit", e);
        }
        if (child.exitValue() != 0) {
            throw new IOException(who + " (pid " + child.pid() + ") " + ExitStatus.describe(child.exitValue()));
        }
    }
}
