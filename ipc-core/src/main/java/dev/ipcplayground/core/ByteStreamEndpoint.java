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
 */
public class ByteStreamEndpoint implements Endpoint {

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
        out.write(frame.bytes(), 0, frame.length());
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
        int n = in.readNBytes(bytes, offset, length);
        if (n < length) {
            throw new EOFException(peer + " closed its end of the stream" + (n > 0 || offset > 0 ? " in the middle of a frame" : ""));
        }
    }

    @Override
    public void close() throws IOException {
        try (in; out) {
            // closing both ends tells the peer: end of stream
        }
    }
}
