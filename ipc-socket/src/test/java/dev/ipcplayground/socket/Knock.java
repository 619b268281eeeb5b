package dev.ipcplayground.socket;

import dev.ipcplayground.core.Frame;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A connection to serve that speaks in bytes, not as a producer: to send it what no producer
 * would, and read what it answers (its challenge, its verdict).
 */
final class Knock implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    private Knock(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects; reads give up after 15 s (serve answers within its 5 s hello deadline). */
    static Knock at(HostPort serve) throws IOException {
        Socket socket = new Socket(serve.host(), serve.port());
        socket.setSoTimeout(15_000);
        return new Knock(socket);
    }

    /** The challenge serve sends every connection first. */
    byte[] challenge() throws IOException {
        return read().controlPayload(Frame.CHALLENGE);
    }

    Knock send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Serve's verdict: "" to go, else its reason for refusing; {@code null} if it closed without one. */
    String verdict() throws IOException {
        try {
            return new String(read().controlPayload(Frame.VERDICT), StandardCharsets.UTF_8);
        } catch (EOFException | java.net.SocketException e) { // closed, or reset by a close with unread bytes
            return null;
        }
    }

    /** Whether serve has closed this connection (reads end of stream within 15 s). */
    boolean closedByServe() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private Frame read() throws IOException {
        byte[] header = new byte[Frame.HEADER_BYTES];
        in.readFully(header);
        int length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(Frame.LENGTH_OFFSET);
        Frame frame = new Frame(length);
        System.arraycopy(header, 0, frame.bytes(), 0, header.length);
        in.readFully(frame.bytes(), Frame.HEADER_BYTES, length);
        return frame;
    }

    /** A frame's bytes: a control message {@code control} carrying {@code payload}. */
    static byte[] frame(long control, byte[] payload) {
        Frame frame = new Frame(payload.length).fillControl(control, payload);
        return java.util.Arrays.copyOf(frame.bytes(), frame.length());
    }

    /** A hello carrying {@code json}, with the proof of no secret (32 zeros) before it. */
    static byte[] hello(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        return frame(Frame.HELLO, ByteBuffer.allocate(Secret.PROOF_BYTES + text.length).position(Secret.PROOF_BYTES).put(text).array());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
