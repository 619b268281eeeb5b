package dev.ipcplayground.socket;

import dev.ipcplayground.core.ByteStreamEndpoint;
import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.OpenOnFirstUse;
import dev.ipcplayground.core.RunSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The two kinds of Unix socket a run can use, and how each side opens one.
 *
 * <ul>
 *   <li>{@code stream} ({@code SOCK_STREAM}): a two-way byte pipe. Like a pipe it keeps no message
 *       boundaries, so the receiver reads the header, then the payload it announces.</li>
 *   <li>{@code seqpacket} ({@code SOCK_SEQPACKET}): connected like a stream, but every
 *       {@code write} arrives as one whole {@code read}, as on a POSIX queue. A message must fit
 *       in the sender's socket buffer.</li>
 * </ul>
 */
enum UnixSocketType {

    STREAM {
        @Override
        long maxFrame() {
            return Frame.largestFrame(Frame.MAX_PAYLOAD);
        }

        @Override
        Endpoint listen(AFUNIXSocketAddress address, RunSpec spec) throws IOException {
            AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
            server.bind(address, 1);
            makePrivate(address);
            server.setSoTimeout(acceptTimeout(spec.timeout()));
            return new OpenOnFirstUse(server, () -> {
                AFUNIXSocket socket = server.accept();
                return stream(socket, PeerCredentials.check(socket.getPeerCredentials(), "the producer"), "the producer");
            });
        }

        @Override
        Endpoint connect(AFUNIXSocketAddress address, RunSpec spec) throws IOException {
            AFUNIXSocket socket = AFUNIXSocket.connectTo(address);
            return stream(socket, PeerCredentials.check(socket.getPeerCredentials(), "the consumer"), "the consumer");
        }

        /** junixsocket's server channel, a connection each, accepted on first use and waited on with junixsocket's selector. */
        @Override
        Endpoint listenMany(AFUNIXSocketAddress address, RunSpec spec) throws IOException {
            AFUNIXServerSocketChannel server = AFUNIXServerSocketChannel.open();
            try {
                server.bind(address, spec.producers());
                makePrivate(address);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            return new OpenOnFirstUse(server, () -> SelectorConsumer.accept(server, spec.producers(), spec.timeout(),
                    Frame.largestFrame(spec.payloadSize()),
                    channel -> PeerCredentials.check(((AFUNIXSocketChannel) channel).getPeerCredentials(), "a producer").facts(),
                    () -> {}));
        }

        /** One {@code write} per frame; reads go through a 64 KiB buffer, as on the pipe. */
        private Endpoint stream(AFUNIXSocket socket, PeerCredentials peer, String who) throws IOException {
            return new ByteStreamEndpoint(new BufferedInputStream(socket.getInputStream(), 64 * 1024),
                    socket.getOutputStream(), who) {
                @Override
                public java.util.Map<String, String> facts() {
                    return peer.facts();
                }

                @Override
                public void close() throws IOException {
                    try (socket) {
                        super.close();
                    }
                }
            };
        }
    },

    SEQPACKET {
        @Override
        long maxFrame() {
            return 2 * wmemMax() - KERNEL_RESERVE;
        }

        @Override
        Endpoint listen(AFUNIXSocketAddress address, RunSpec spec) throws IOException {
            AFUNIXDatagramSocket server = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
            server.bind(address);
            makePrivate(address);
            server.listen(1);
            server.setSoTimeout(acceptTimeout(spec.timeout()));
            return new OpenOnFirstUse(server, () -> {
                AFUNIXDatagramSocket socket = (AFUNIXDatagramSocket) server.accept();
                socket.setSoTimeout(0);
                return new SeqpacketEndpoint(socket, PeerCredentials.check(socket.getPeerCredentials(), "the producer"),
                        Frame.largestFrame(spec.payloadSize()), "the producer");
            });
        }

        @Override
        Endpoint connect(AFUNIXSocketAddress address, RunSpec spec) throws IOException {
            AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
            socket.connect(address);
            return new SeqpacketEndpoint(socket, PeerCredentials.check(socket.getPeerCredentials(), "the consumer"),
                    Frame.largestFrame(spec.payloadSize()), "the consumer");
        }

        /**
         * A seqpacket listener is no selectable channel in junixsocket, so the consumer accepts
         * its producers one by one, blocking, within the run's timeout; then waits on their
         * connections with junixsocket's selector, a whole message per read.
         */
        @Override
        Endpoint listenMany(AFUNIXSocketAddress address, RunSpec spec) throws IOException {
            AFUNIXDatagramSocket server = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
            try {
                server.bind(address);
                makePrivate(address);
                server.listen(spec.producers());
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            return new OpenOnFirstUse(server, () -> {
                List<AFUNIXDatagramChannel> channels = new ArrayList<>();
                List<Map<String, String>> peers = new ArrayList<>();
                long deadline = System.nanoTime() + spec.timeout().toNanos();
                try {
                    while (channels.size() < spec.producers()) {
                        server.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                        AFUNIXDatagramSocket socket;
                        try {
                            socket = (AFUNIXDatagramSocket) server.accept();
                        } catch (SocketTimeoutException e) {
                            throw new IOException((spec.producers() - channels.size()) + " of " + spec.producers()
                                    + " producers did not connect within " + spec.timeout().toSeconds() + " s");
                        }
                        channels.add(socket.getChannel());
                        peers.add(PeerCredentials.check(socket.getPeerCredentials(), "a producer").facts());
                    }
                    return SelectorConsumer.overMessages(channels, peers, Frame.largestFrame(spec.payloadSize()));
                } catch (IOException | RuntimeException e) {
                    for (AFUNIXDatagramChannel channel : channels) {
                        channel.close();
                    }
                    throw e;
                }
            });
        }
    };

    /** What {@code unix_dgram_sendmsg} keeps of the send buffer for itself: a message may be this much smaller. */
    static final int KERNEL_RESERVE = 32;

    abstract long maxFrame();

    /** Consumer: binds and listens now, accepts on the first receive. */
    abstract Endpoint listen(AFUNIXSocketAddress address, RunSpec spec) throws IOException;

    /** Consumer of {@link RunSpec#producers()} producers: binds and listens now, accepts them all on the first receive. */
    abstract Endpoint listenMany(AFUNIXSocketAddress address, RunSpec spec) throws IOException;

    /** Producer: connects to the listening consumer. */
    abstract Endpoint connect(AFUNIXSocketAddress address, RunSpec spec) throws IOException;

    /**
     * The largest send buffer a process may ask for ({@code SO_SNDBUF} is capped at this, and
     * the kernel doubles what it grants).
     */
    static long wmemMax() {
        try {
            return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/core/wmem_max")).getFirst().trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/sys/net/core/wmem_max", e);
        }
    }

    /** bind() made the file with the umask's mode; a socket file needs only read and write. */
    private static void makePrivate(AFUNIXSocketAddress address) throws IOException {
        if (!address.isInAbstractNamespace()) {
            Files.setPosixFilePermissions(address.getFile().toPath(), PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static int acceptTimeout(java.time.Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }
}
