package dev.ipcplayground.socket;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import org.newsclub.net.unix.AFUNIXDatagramSocket;

/**
 * One side of a {@code SOCK_SEQPACKET} connection: one {@code write} per frame, one {@code read}
 * per frame, and the kernel keeps the boundaries. A read of 0 bytes is the peer's close (every
 * frame has at least its 24-byte header).
 *
 * <p>Frames travel through two direct buffers, allocated once for the run's largest frame, and
 * junixsocket's {@code DatagramChannel}: 16 bytes of garbage per call. Its {@code DatagramSocket}
 * calls, measured with the thread's allocation counter, were worse: {@code receive} on a socket
 * that called {@code connect} allocated tens of kilobytes per call, and {@code send} of a 1 MiB
 * packet a temporary buffer of that size.
 */
final class SeqpacketEndpoint implements Endpoint {

    private final AFUNIXDatagramSocket socket;
    private final PeerCredentials peer;
    private final DatagramChannel channel;
    private final ByteBuffer outgoing, incoming;
    private final String who;

    SeqpacketEndpoint(AFUNIXDatagramSocket socket, PeerCredentials peer, int maxFrame, String who) throws IOException {
        this.socket = socket;
        this.channel = socket.getChannel();
        this.peer = peer;
        this.who = who;
        socket.setSendBufferSize(maxFrame + UnixSocketType.KERNEL_RESERVE); // capped at wmem_max, then doubled
        this.outgoing = ByteBuffer.allocateDirect(maxFrame);
        this.incoming = ByteBuffer.allocateDirect(maxFrame);
    }

    @Override
    public void send(Frame frame) throws IOException {
        int written = channel.write(outgoing.clear().put(frame.bytes(), 0, frame.length()).flip());
        if (written != frame.length()) {
            throw new IOException("the kernel took " + written + " bytes of a " + frame.length() + "-byte seqpacket message");
        }
    }

    @Override
    public void receive(Frame frame) throws IOException {
        int n = channel.read(incoming.clear());
        if (n <= 0) {
            throw new EOFException(who + " closed its end of the socket");
        }
        if (n > frame.capacity()) {
            throw new IOException("a " + n + "-byte message from " + who + " is larger than any frame of this run ("
                    + frame.capacity() + " bytes)");
        }
        incoming.flip().get(frame.bytes(), 0, n);
        if (n < Frame.HEADER_BYTES || n != frame.length()) {
            throw new IOException("a message from " + who + " is " + n + " bytes, but its header declares "
                    + (n < Frame.HEADER_BYTES ? "no full header" : frame.length() + " bytes"));
        }
    }

    @Override
    public Map<String, String> facts() {
        return peer.facts();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
