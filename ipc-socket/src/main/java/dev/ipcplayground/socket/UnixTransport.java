package dev.ipcplayground.socket;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Transport;
import java.io.IOException;
import java.net.SocketException;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Unix domain sockets, through junixsocket: a socket whose two ends are both in this kernel.
 *
 * <p>The consumer binds a listening socket and accepts one connection; the producer connects.
 * From then on it is a two-way byte pipe (or, as {@code seqpacket}, a two-way message pipe), and
 * the kernel tells each side who the other is: the peer's pid, uid and gid, which it recorded at
 * {@code connect} and which the peer cannot forge. Each side refuses a peer that does not run as
 * its own user.
 *
 * <p>The address is a socket file in the run directory (mode 0600), or, with
 * {@code --unix-address abstract}, a name in the abstract namespace: no file at all, gone with the socket,
 * but also no file permissions, so the credential check is then the only guard.
 */
public final class UnixTransport implements Transport {

    static final String SOCKET_TYPE = "socket-type", ADDRESS = "unix-address";
    static final String SOCKET_FILE = "consumer.sock";

    @Override
    public String name() {
        return "unix";
    }

    @Override
    public String description() {
        return "Unix domain socket (junixsocket): stream or seqpacket, a 0600 file or the abstract namespace, peer credentials checked";
    }

    @Override
    public Set<String> settings() {
        return Set.of(SOCKET_TYPE, ADDRESS);
    }

    @Override
    public RunSpec check(RunSpec spec) {
        UnixSocketType.of(spec.setting(SOCKET_TYPE, UnixSocketType.STREAM.key()));
        String address = spec.setting(ADDRESS, "pathname");
        if (!address.equals("pathname") && !address.equals("abstract")) {
            throw new IllegalArgumentException("the unix socket's address (--unix-address) must be pathname or abstract, got '" + address + "'");
        }
        return Transport.super.check(spec.with(SOCKET_TYPE, type(spec).key()).with(ADDRESS, address));
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return type(spec).maxFrame() - Frame.HEADER_BYTES;
    }

    @Override
    public String limitReason(RunSpec spec) {
        return type(spec) == UnixSocketType.SEQPACKET ? " (a seqpacket message must fit in the socket's send buffer, at most twice "
                + "/proc/sys/net/core/wmem_max less the kernel's 32 bytes and the 24 of frame header; raise it with sysctl net.core.wmem_max=N)" : "";
    }

    /*
     * The consumer listens now, so that it is ready when it says so, but accepts on first use:
     * the launcher starts the producer only after the consumer has reported ready.
     */
    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        return type(run.spec()).listen(address(run), run.spec());
    }

    @Override
    public Endpoint openProducer(RunContext run) throws IOException {
        return type(run.spec()).connect(address(run), run.spec());
    }

    private static UnixSocketType type(RunSpec spec) {
        return UnixSocketType.of(spec.setting(SOCKET_TYPE, UnixSocketType.STREAM.key()));
    }

    /** A file in the run directory, or an abstract name that starts with the run's object prefix. */
    static AFUNIXSocketAddress address(RunContext run) throws SocketException {
        return run.spec().setting(ADDRESS, "pathname").equals("abstract")
                ? AFUNIXSocketAddress.inAbstractNamespace(run.objectName("unix"))
                : AFUNIXSocketAddress.of(run.file(SOCKET_FILE));
    }
}
