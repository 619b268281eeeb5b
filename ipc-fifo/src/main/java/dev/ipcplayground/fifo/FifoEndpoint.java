package dev.ipcplayground.fifo;

import dev.ipcplayground.core.ByteStreamEndpoint;
import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One side's two FIFOs: frames over byte streams, exactly as over the anonymous pipe, once both
 * are open. Opening happens on the first send or receive, each open bounded by the run's timeout.
 */
final class FifoEndpoint implements Endpoint {

    private final Path in, out;
    private final boolean producer;
    private final Duration timeout;
    private final String peer;
    private ByteStreamEndpoint streams;

    /**
     * @param producer whether this is the producer's end: it opens its output first, the consumer
     *                 its input, so that both open the requests FIFO before the replies FIFO
     */
    FifoEndpoint(Path in, Path out, boolean producer, Duration timeout, String peer) {
        this.in = in;
        this.out = out;
        this.producer = producer;
        this.timeout = timeout;
        this.peer = peer;
    }

    @Override
    public void send(Frame frame) throws IOException {
        open().send(frame);
    }

    @Override
    public void receive(Frame frame) throws IOException {
        open().receive(frame);
    }

    private ByteStreamEndpoint open() throws IOException {
        if (streams == null) {
            InputStream input;
            OutputStream output;
            if (producer) {
                output = openWithin(out, false);
                input = new BufferedInputStream(openWithin(in, true), 64 * 1024);
            } else {
                input = new BufferedInputStream(openWithin(in, true), 64 * 1024);
                output = openWithin(out, false);
            }
            streams = new ByteStreamEndpoint(input, output, peer);
        }
        return streams;
    }

    /**
     * {@code open(2)} of a FIFO sleeps until the other end is opened, and a Java thread cannot be
     * interrupted out of it. So the open runs on a helper thread; if the peer does not come in
     * time, we open the other end ourselves (which succeeds at once: the kernel already counts
     * the sleeping opener), releasing the helper, and give up with a reason.
     */
    private <T extends Closeable> T openWithin(Path fifo, boolean forReading) throws IOException {
        CompletableFuture<Closeable> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return forReading ? new FileInputStream(fifo.toFile()) : new FileOutputStream(fifo.toFile());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, command -> Thread.ofPlatform().daemon().name("fifo-open").start(command));
        try {
            @SuppressWarnings("unchecked")
            T stream = (T) opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return stream;
        } catch (TimeoutException e) {
            try (Closeable release = forReading ? new FileOutputStream(fifo.toFile()) : new FileInputStream(fifo.toFile())) {
                opening.join().close();
            }
            throw new IOException(peer + " did not open " + fifo.getFileName() + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("could not open " + fifo + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening " + fifo, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (streams != null) {
            streams.close();
        }
    }
}
