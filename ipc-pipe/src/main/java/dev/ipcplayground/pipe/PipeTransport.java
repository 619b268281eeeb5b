package dev.ipcplayground.pipe;

import dev.ipcplayground.core.ByteStreamEndpoint;
import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.ExitStatus;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.Topology;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.child.ChildCommand;
import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Anonymous pipes: the oldest IPC of Unix, {@code pipe(2)}.
 *
 * <p>A pipe is a buffer in the kernel (16 pages, 64 KiB by default) with two file descriptors:
 * one to write into, one to read from. It has no name, so nobody can open it; a process gets one
 * only by creating it or by inheriting it across {@code fork}. That is why, in this transport
 * alone, the producer starts the consumer as its own child: the JDK's {@link ProcessBuilder}
 * makes two pipes, forks, and wires them to the child's stdin and stdout.
 *
 * <p>One message, one way: the writer's {@code write(2)} copies the frame from its buffer into
 * the pipe's pages and wakes the reader; the reader's {@code read(2)} copies it out. Two system
 * calls and two copies per message, and in ping-pong each side sleeps until the other writes.
 */
public final class PipeTransport implements Transport {

    @Override
    public String name() {
        return "pipe";
    }

    @Override
    public String description() {
        return "anonymous pipes: the consumer is the producer's child, joined by its stdin and stdout";
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return Frame.MAX_PAYLOAD; // a pipe is a byte stream: any length, in as many writes as it takes
    }

    @Override
    public Topology topology(RunSpec spec) {
        return Topology.PRODUCER_STARTS_CONSUMER;
    }

    /*
     * The consumer's end is simply its stdin and stdout: the pipes it inherited. We use the raw
     * file descriptors, not System.in/System.out, so nothing the JVM prints can slip into the
     * stream (ChildMain also points System.out at stderr). Reads go through a buffer: one read(2)
     * takes whatever the pipe holds, header and payload together, often several messages in a
     * stream. Writes are unbuffered: one write(2) per reply.
     */
    @Override
    public Endpoint openConsumer(RunContext run) {
        return new ByteStreamEndpoint(
                new BufferedInputStream(new FileInputStream(FileDescriptor.in), 64 * 1024),
                new FileOutputStream(FileDescriptor.out),
                "the producer");
    }

    /*
     * The producer starts the consumer. Its stdin becomes our output stream and its stdout our
     * input stream (both buffered by the JDK; every send ends with a flush, so each message is
     * one write(2)). Its stderr goes to the run's consumer.log, like every child's.
     */
    @Override
    public Endpoint openProducer(RunContext run) throws IOException {
        Process consumer = ChildCommand.builder(Role.CONSUMER, run, this).start();
        return new ConsumerPipes(consumer, run);
    }

    /** The producer's end: the pipes to its child, and the child itself, awaited on close. */
    private static final class ConsumerPipes extends ByteStreamEndpoint {

        private final Process consumer;
        private final RunContext run;

        ConsumerPipes(Process consumer, RunContext run) {
            super(consumer.getInputStream(), consumer.getOutputStream(), "the consumer (pid " + consumer.pid() + ")");
            this.consumer = consumer;
            this.run = run;
        }

        @Override
        public void send(Frame frame) throws IOException {
            try {
                super.send(frame);
            } catch (IOException e) {
                throw explained(e); // EPIPE: the consumer closed its stdin, most likely by dying
            }
        }

        @Override
        public void receive(Frame frame) throws IOException {
            try {
                super.receive(frame);
            } catch (IOException e) {
                throw explained(e); // end of stream: the consumer's stdout closed
            }
        }

        /** A broken pipe usually means a dead consumer: say how it ended, if it did. */
        private IOException explained(IOException e) throws IOException {
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

        /** Closing stdin is the consumer's end of file; then it writes its result and exits. */
        @Override
        public void close() throws IOException {
            super.close();
            try {
                if (!consumer.waitFor(run.spec().timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    consumer.destroyForcibly();
                    throw new IOException("the consumer (pid " + consumer.pid() + ") did not exit after the run");
                }
            } catch (InterruptedException e) {
                consumer.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the consumer to exit", e);
            }
            if (consumer.exitValue() != 0) {
                throw new IOException("the consumer (pid " + consumer.pid() + ") " + ExitStatus.describe(consumer.exitValue()));
            }
        }
    }
}
