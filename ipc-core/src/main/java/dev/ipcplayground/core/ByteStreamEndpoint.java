package dev.ipcplayground.core;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Frames over a byte stream read and written through Java streams (a library's stream socket;
 * pipes and FIFOs use {@link FdStreamEndpoint}, which calls the kernel directly): the stream keeps no message
 * boundaries, so the receiver reads the fixed header first, learns the payload length from it,
 * then reads exactly that many bytes.
 *
 * <p>Sending is one {@code write} of the whole frame and a {@code flush}, so a buffered stream
 * hands the kernel one system call per message. A length the run cannot hold means the stream
 * has lost its framing; nothing after it can be trusted, so that ends the run.
 *
 * <p>No call asks the stream for more than {@link #MOST_PER_CALL} bytes at once. junixsocket
 * copies between the Java array and the kernel through a direct buffer kept per thread, of up to
 * 1 MiB; for a larger call it allocates, and zeroes, a new direct buffer the size of the call.
 * A read returns at most what the socket buffer held (a few hundred KiB), so reading a 128 MiB
 * payload in one call would zero about 128 MiB for every few hundred KiB received: the time grew
 * with the square of the size (16 MiB took 2 s, 128 MiB 12.5 s, 1 GiB never ended). In pieces of
 * 1 MiB it grows with the size, and nothing is allocated.
 */
public class ByteStreamEndpoint implements Endpoint {

    /** The most bytes one read or write asks of the stream: junixsocket's reused buffer (see above). */
    static final int MOST_PER_CALL = 1 << 20;

    private final InputStream in;
    private final OutputStream out;
    private final String peer;

    /** @param peer who is at the other end, for error messages: "the consumer" */
    public ByteStreamEndpoint(InputStream in, OutputStream out, String peer) {
        this.in = in;
        this.out = out;
        this.peer = peer;
    }

    @Override
    public void send(Frame frame) throws IOException {
        byte[] bytes = frame.bytes();
        for (int offset = 0, length = frame.length(); offset < length; offset += MOST_PER_CALL) {
            out.write(bytes, offset, Math.min(MOST_PER_CALL, length - offset));
        }
        out.flush();
    }

    @Override
    public void receive(Frame frame) throws IOException {
        byte[] bytes = frame.bytes();
        readFully(bytes, 0, Frame.HEADER_BYTES);
        int length = frame.streamedPayloadLength(peer);
        readFully(bytes, Frame.HEADER_BYTES, length);
    }

    private void readFully(byte[] bytes, int offset, int length) throws IOException {
        for (int end = offset + length; offset < end; ) {
            int n = in.read(bytes, offset, Math.min(MOST_PER_CALL, end - offset));
            if (n < 0) {
                throw new EOFException(peer + " closed its end of the stream"
                        + (offset > 0 ? " in the middle of a frame" : ""));
            }
            offset += n;
        }
    }

    @Override
    public void close() throws IOException {
        try (in; out) {
            // closing both ends tells the peer: end of stream
        }
    }
}
