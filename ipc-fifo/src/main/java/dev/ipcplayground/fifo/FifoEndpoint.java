package dev.ipcplayground.fifo;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.FdStreamEndpoint;
import dev.ipcplayground.core.OpenOnFirstUse;
import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.os.NativeException;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One side's two FIFOs: frames over byte streams, exactly as over the anonymous pipe, once both
 * are open ({@link FdStreamEndpoint}: {@code read(2)} and {@code write(2)} through the FFM API).
 * Opening happens on the first send or receive ({@link OpenOnFirstUse}), each open bounded by the
 * run's timeout.
 */
final class FifoEndpoint {

    private FifoEndpoint() {}

    /*
     * Both sides open the requests FIFO before a replies FIFO: the producer its output first, the
     * consumer its input. The consumer then opens every producer's replies FIFO in turn, each open
     * waiting for that producer to open it for reading, which each does right after the requests.
     */

    /** A producer's end: it writes {@code out}, the requests, and reads {@code in}, its replies. */
    static Endpoint producer(Path in, Path out, Duration timeout, String peer) {
        return new OpenOnFirstUse(null, () -> {
            int output = openWithin(out, Libc.O_WRONLY, timeout, peer);
            int input = openWithin(in, Libc.O_RDONLY, timeout, peer);
            return new FdStreamEndpoint(input, output, peer);
        });
    }

    /** The consumer's end: it reads {@code in}, the requests, and writes each producer's replies FIFO. */
    static Endpoint consumer(Path in, List<Path> replies, Duration timeout, String peer) {
        return new OpenOnFirstUse(null, () -> {
            int input = openWithin(in, Libc.O_RDONLY, timeout, peer);
            int[] outputs = new int[replies.size()];
            for (int p = 0; p < outputs.length; p++) {
                outputs[p] = openWithin(replies.get(p), Libc.O_WRONLY, timeout, peer);
            }
            return new FdStreamEndpoint(input, outputs, peer);
        });
    }

    /**
     * {@code open(2)} of a FIFO sleeps until the other end is opened, and a Java thread cannot be
     * interrupted out of it. So the open runs on a helper thread; if the peer does not come in
     * time, we open the other end ourselves (which succeeds at once: the kernel already counts
     * the sleeping opener), releasing the helper, and give up with a reason.
     */
    private static int openWithin(Path fifo, int flags, Duration timeout, String peer) throws IOException {
        CompletableFuture<Integer> opening = CompletableFuture.supplyAsync(() -> {
            try (Arena call = Arena.ofConfined()) {
                int fd = Libc.open(call.allocateFrom(fifo.toString()), flags | Libc.O_CLOEXEC);
                if (fd < 0) {
                    throw new java.io.UncheckedIOException(new NativeException("open", fifo.toString(), Libc.errno()));
                }
                return fd;
            }
        }, command -> Thread.ofPlatform().daemon().name("fifo-open").start(command));
        try {
            return opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            try (Closeable release = flags == Libc.O_RDONLY ? new FileOutputStream(fifo.toFile()) : new FileInputStream(fifo.toFile())) {
                Libc.close(opening.join());
            }
            throw new IOException(peer + " did not open " + fifo.getFileName() + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("could not open " + fifo + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening " + fifo, e);
        }
    }
}
