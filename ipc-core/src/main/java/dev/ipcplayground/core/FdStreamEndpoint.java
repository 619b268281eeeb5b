package dev.ipcplayground.core;

import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.os.NativeException;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Frames over two file descriptors of a byte stream (a pipe, a FIFO), read and written with
 * {@code read(2)} and {@code write(2)} called directly through the FFM API.
 *
 * <p>The stream keeps no message boundaries, so the receiver reads the fixed header first,
 * learns the payload length from it, then takes exactly that many bytes. Reads go through a
 * native buffer of {@value #BUFFER_BYTES} bytes: one {@code read} takes whatever the pipe holds,
 * often the header and payload together, in a stream often several messages. Sending is one
 * {@code write} per frame of up to {@value #BUFFER_BYTES} bytes.
 *
 * <p>Why not {@code FileInputStream}: the kernel cannot copy into a Java array, which the GC may
 * move, so the JDK's streams read into a native buffer of their own and copy from there, through
 * JNI. Here the copy is ours ({@link MemorySegment#copy}), the call a plain downcall, and the
 * buffers are allocated once: nothing per message.
 *
 * <p>Many writers, one reader: the kernel writes at most {@value #PIPE_BUF} bytes into a pipe in
 * one piece ({@code PIPE_BUF}, pipe(7)); a larger write may be split, and another writer's bytes
 * may land between the pieces. So several producers may share one pipe or FIFO only with frames
 * of up to {@value #PIPE_BUF} bytes, each sent in one {@code write}; the reader then takes whole
 * frames from the stream, whoever wrote them. A consumer's end writes to each producer through
 * that producer's own descriptor, chosen by the frame's {@link Frame#producer()}.
 */
public final class FdStreamEndpoint implements Endpoint {

    static final int BUFFER_BYTES = 64 * 1024;
    /** The most bytes the kernel writes into a pipe atomically, without another writer's bytes between (Linux: a page). */
    public static final int PIPE_BUF = 4096;

    /**
     * Whether several producers may write one pipe or FIFO ({@code kind}) of this run: only if every
     * frame fits {@code PIPE_BUF}, so that each write lands whole. {@code design} says how they meet.
     */
    public static ManyProducers manyWriters(RunSpec spec, String kind, String design) {
        int frame = Frame.largestFrame(spec.payloadSize());
        return frame <= PIPE_BUF ? ManyProducers.as(design)
                : ManyProducers.refused("a " + frame + "-byte frame is larger than PIPE_BUF (" + PIPE_BUF + " bytes), the most the"
                        + " kernel writes into a " + kind + " in one piece, so two producers' frames could interleave; with several"
                        + " producers use --size " + (PIPE_BUF - Frame.HEADER_BYTES) + " or less");
    }

    private final int in;
    private final int[] out;
    private final String peer;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment inBuffer = arena.allocate(BUFFER_BYTES, 64);
    private final MemorySegment outBuffer = arena.allocate(BUFFER_BYTES, 64);
    private int start, end; // the bytes of inBuffer not yet taken
    private boolean closed;

    /**
     * @param in   the descriptor frames arrive on; closed with this endpoint
     * @param out  the descriptor frames leave by; closed with this endpoint
     * @param peer who is at the other end, for error messages: "the consumer"
     */
    public FdStreamEndpoint(int in, int out, String peer) {
        this(in, new int[] {out}, peer);
    }

    /**
     * A consumer's end with several producers: frames arrive on {@code in} from all of them, and
     * each frame sent goes to {@code out[frame.producer()]}.
     */
    public FdStreamEndpoint(int in, int[] out, String peer) {
        this.in = in;
        this.out = out.clone();
        this.peer = peer;
    }

    @Override
    public void send(Frame frame) throws IOException {
        int fd = out[out.length == 1 ? 0 : frame.producer()];
        byte[] bytes = frame.bytes();
        int length = frame.length();
        for (int sent = 0; sent < length; ) {
            int chunk = Math.min(BUFFER_BYTES, length - sent);
            MemorySegment.copy(bytes, sent, outBuffer, ValueLayout.JAVA_BYTE, 0, chunk);
            writeFully(fd, chunk);
            sent += chunk;
        }
    }

    @Override
    public void receive(Frame frame) throws IOException {
        byte[] bytes = frame.bytes();
        take(bytes, 0, Frame.HEADER_BYTES);
        int length = frame.streamedPayloadLength(peer);
        take(bytes, Frame.HEADER_BYTES, length);
    }

    /** Copies the next {@code length} bytes of the stream into {@code bytes}, reading as needed. */
    private void take(byte[] bytes, int offset, int length) throws IOException {
        for (int taken = 0; taken < length; ) {
            if (start == end) {
                fill(offset + taken > 0);
            }
            int n = Math.min(end - start, length - taken);
            MemorySegment.copy(inBuffer, ValueLayout.JAVA_BYTE, start, bytes, offset + taken, n);
            start += n;
            taken += n;
        }
    }

    /** One read(2) into the empty buffer: sleeps until the peer has written something. */
    private void fill(boolean midFrame) throws IOException {
        long n;
        while ((n = Libc.read(in, inBuffer, BUFFER_BYTES)) < 0 && Libc.errno() == Libc.EINTR) {
            // interrupted by a signal before anything arrived: read again
        }
        if (n < 0) {
            throw new NativeException("read", "the stream from " + peer, Libc.errno());
        }
        if (n == 0) {
            throw new EOFException(peer + " closed its end of the stream" + (midFrame ? " in the middle of a frame" : ""));
        }
        start = 0;
        end = (int) n;
    }

    private void writeFully(int fd, int length) throws IOException {
        for (long written = 0; written < length; ) {
            long n = Libc.write(fd, written == 0 ? outBuffer : outBuffer.asSlice(written), length - written);
            if (n < 0) {
                int errno = Libc.errno();
                if (errno == Libc.EINTR) {
                    continue;
                }
                throw errno == Libc.EPIPE ? new EOFException(peer + " closed its end of the stream (EPIPE)")
                        : new NativeException("write", "the stream to " + peer, errno);
            }
            written += n;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (int fd : out) {
                Libc.close(fd); // first: the peer's read returns end-of-file
            }
            Libc.close(in);
            arena.close();
        }
    }
}
