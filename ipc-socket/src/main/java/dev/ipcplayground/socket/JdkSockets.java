package dev.ipcplayground.socket;

import dev.ipcplayground.core.ByteStreamEndpoint;
import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.OpenOnFirstUse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The JDK's own sockets ({@code --impl jdk}), beside junixsocket and Netty: a blocking
 * {@link SocketChannel}, for a Unix socket with a {@link UnixDomainSocketAddress} (JEP 380, Java
 * 16) and for TCP with {@code TCP_NODELAY}. The same frames and checks as the libraries' endpoints:
 * {@link ByteStreamEndpoint} cuts the frames out of the byte stream, reading through a 64 KiB
 * buffer, writing each frame with one {@code write}.
 *
 * <p>What the JDK's Unix sockets cannot do, and junixsocket can: no abstract names (a socket file
 * only), no {@code SOCK_SEQPACKET} (a byte stream only), and of the peer's credentials
 * ({@code SO_PEERCRED}) only its user and group, by name: no pid.
 */
final class JdkSockets {

    private JdkSockets() {}

    /** The consumer's Unix socket: a 0600 socket file; the producer is accepted on first use. */
    static Endpoint listenUnix(Path file, Duration acceptWithin) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(file), 1);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------")); // bind() used the umask
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new OpenOnFirstUse(() -> {
            server.close();
            Files.deleteIfExists(file); // the JDK, unlike junixsocket, leaves the socket file behind
        }, () -> {
            SocketChannel channel = accept(server, acceptWithin, "the producer");
            return stream(channel, unixPeer(channel, "the producer"), "the producer");
        });
    }

    /**
     * The consumer of {@code producers} producers on a Unix socket file: one connection each,
     * accepted on first use, all waited on with one selector ({@link SelectorConsumer}).
     */
    static Endpoint listenUnix(Path file, int producers, int maxFrame, Duration acceptWithin) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(file), producers);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        Runnable removeFile = () -> {
            try {
                Files.deleteIfExists(file); // the JDK, unlike junixsocket, leaves the socket file behind
            } catch (IOException e) {
                System.err.println("unix: could not remove " + file + ": " + e.getMessage());
            }
        };
        return new OpenOnFirstUse(() -> {
            server.close();
            removeFile.run();
        }, () -> SelectorConsumer.accept(server, producers, acceptWithin, maxFrame,
                channel -> unixPeer(channel, "a producer"), () -> {}));
    }

    /** The consumer of {@code producers} producers on TCP: a connection each, waited on with one selector. */
    static ListeningTcp listenTcp(InetSocketAddress address, int producers, int maxFrame, Duration acceptWithin) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(address, producers);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new ListeningTcp(port, new OpenOnFirstUse(server, () -> SelectorConsumer.accept(server, producers, acceptWithin,
                maxFrame, channel -> {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    return Map.of();
                }, () -> {})));
    }

    /** The producer's Unix socket, connected to the consumer's file. */
    static Endpoint connectUnix(Path file) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(file));
        return stream(channel, unixPeer(channel, "the consumer"), "the consumer");
    }

    /** The consumer's TCP socket on {@code address} (port 0: the kernel picks); the producer is accepted on first use. */
    static ListeningTcp listenTcp(InetSocketAddress address, Duration acceptWithin) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(address, 1);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new ListeningTcp(port, new OpenOnFirstUse(server, () -> {
            SocketChannel channel = accept(server, acceptWithin, "the producer");
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return stream(channel, Map.of(), "the producer");
        }));
    }

    /** A listening consumer's endpoint, and the port the producer must connect to. */
    record ListeningTcp(int port, Endpoint endpoint) {}

    /** The producer's TCP socket, Nagle's algorithm off (see {@link TcpTransport}). */
    static Endpoint connectTcp(SocketAddress consumer) throws IOException {
        SocketChannel channel = SocketChannel.open(consumer);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return stream(channel, Map.of(), "the consumer");
    }

    /**
     * One connection, within {@code within}: a blocking channel's {@code accept} has no timeout, so
     * the wait is a selector's, then the accepted channel blocks as the rig expects.
     */
    private static SocketChannel accept(ServerSocketChannel server, Duration within, String who) throws IOException {
        try (server; Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            if (selector.select(Math.max(1, within.toMillis())) == 0) {
                throw new IOException(who + " did not connect within " + within.toSeconds() + " s");
            }
            SocketChannel channel = server.accept();
            channel.configureBlocking(true);
            return channel;
        }
    }

    /** The peer's user by name, as the kernel recorded it ({@code SO_PEERCRED}); refused unless it is ours. */
    private static Map<String, String> unixPeer(SocketChannel channel, String who) throws IOException {
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String me = ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
        String user = peer.user().getName();
        if (!user.equals(me)) {
            channel.close();
            throw new IOException("refused a connection as " + who + ": it runs as user " + user + ", not as this user (" + me
                    + "); only the same user may take part in a run");
        }
        return Map.of("peer-user", user, "peer-group", peer.group().getName());
    }

    private static Endpoint stream(SocketChannel channel, Map<String, String> facts, String who) {
        return new ByteStreamEndpoint(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024),
                Channels.newOutputStream(channel), who) {
            @Override
            public Map<String, String> facts() {
                return facts;
            }

            @Override
            public void close() throws IOException {
                try (channel) {
                    super.close();
                }
            }
        };
    }
}
