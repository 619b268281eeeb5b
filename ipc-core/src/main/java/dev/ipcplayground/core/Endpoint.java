package dev.ipcplayground.core;

import java.io.IOException;
import java.util.Map;

/**
 * One side's end of a transport, as the measuring rig sees it: whole frames in, whole frames
 * out. Each transport module implements it with its own mechanism; the rig never knows which.
 *
 * <p>An endpoint is used by one thread. Frames are sent from and received into the caller's
 * {@link Frame}, so an implementation need not allocate per message.
 */
public interface Endpoint extends AutoCloseable {

    /** Sends the frame's first {@link Frame#length()} bytes as one message. */
    void send(Frame frame) throws IOException;

    /**
     * Receives the next message into {@code frame}, blocking (or spinning) until it is complete.
     *
     * @throws IOException when the peer is gone or the data cannot be a frame; the message says which
     */
    void receive(Frame frame) throws IOException;

    /**
     * What this side learnt about its peer and its channel, for the report: the peer's pid and
     * user as the kernel vouches for them, the I/O method in use. Asked once, after the last message.
     */
    default Map<String, String> facts() {
        return Map.of();
    }

    @Override
    void close() throws IOException;
}
