package dev.ipcplayground.socket;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.InterProcessTransport;
import dev.ipcplayground.core.TransportOption;
import java.io.IOException;
import java.net.SocketException;
import java.util.List;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Unix domain sockets, through junixsocket: a socket whose two ends are both in this kernel.
 *
 * <p>The consumer binds a listening socket and accepts one connection per producer; each producer
 * connects (with many, the consumer waits on all of them with a selector: {@link SelectorConsumer}).
 * From then on it is a two-way byte pipe (or, as {@code seqpacket}, a two-way message pipe), and
 * the kernel tells each side who the other is: the peer's pid, uid and gid, which it recorded at
 * {@code connect} and which the peer cannot forge. Each side refuses a peer that does not run as
 * its own user.
 *
 * <p>The address is a socket file in the run directory (mode 0600), or, with
 * {@code --unix-address abstract}, a name in the abstract namespace: no file at all, gone with the socket,
 * but also no file permissions, so the credential check is then the only guard.
 */
public final class UnixTransport implements InterProcessTransport {

    static final TransportOption SOCKET_TYPE = TransportOption.choice("socket-type",
            "a byte stream (stream), or connected messages whose boundaries the kernel keeps (seqpacket)", UnixSocketType.STREAM);
    static final TransportOption ADDRESS = TransportOption.choice("unix-address",
            "a 0600 socket file in the run directory (pathname), or a name with no file (abstract: no file permissions, "
                    + "only the peer-credential check guards it)", "pathname", "pathname", "abstract");
    static final TransportOption IMPL = TransportOption.choice("impl",
            "whose sockets: junixsocket's, or the JDK's own SocketChannel (a stream on a socket file only; of the peer, "
                    + "only its user)", "junixsocket", "junixsocket", "jdk");
    static final String SOCKET_FILE = "consumer.sock";

    @Override
    public String name() {
        return "unix";
    }

    @Override
    public String description() {
        return "a Unix domain socket (junixsocket): a 0600 socket file or an abstract name, each side checking the "
                + "other's credentials (--socket-type stream|seqpacket, --unix-address pathname|abstract, --impl junixsocket|jdk)";
    }

    @Override
    public List<TransportOption> options() {
        return List.of(SOCKET_TYPE, ADDRESS, IMPL);
    }

    /** A comparison runs the JDK's own Unix socket beside junixsocket's. */
    @Override
    public List<java.util.Map<String, String>> comparedWith() {
        return List.of(java.util.Map.of(IMPL.name(), "jdk"));
    }

    /** The JDK's Unix sockets are streams on socket files: a seqpacket or abstract run is refused, with why. */
    @Override
    public RunSpec check(RunSpec spec) {
        RunSpec checked = InterProcessTransport.super.check(spec);
        if (jdk(checked)) {
            if (type(checked) != UnixSocketType.STREAM) {
                throw new IllegalArgumentException("--impl jdk has no --socket-type seqpacket: the JDK's Unix sockets are "
                        + "byte streams only (use --impl junixsocket)");
            }
            if (ADDRESS.valueIn(checked).equals("abstract")) {
                throw new IllegalArgumentException("--impl jdk has no --unix-address abstract: the JDK's Unix sockets bind "
                        + "socket files only (use --impl junixsocket)");
            }
        }
        return checked;
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

    /**
     * A connection per producer, and the consumer waits on all of them with a selector
     * ({@link SelectorConsumer}): junixsocket's, or the JDK's with {@code --impl jdk}. On a
     * seqpacket socket each read takes one whole message.
     */
    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        return ManyProducers.as("a connection per producer, all waited on with one selector ("
                + (jdk(spec) ? "the JDK's, over epoll" : "junixsocket's, over poll")
                + (type(spec) == UnixSocketType.SEQPACKET ? "; a read per message" : "") + ")");
    }

    /*
     * The consumer listens now, so that it is ready when it says so, but accepts on first use:
     * the launcher starts the producers only after the consumer has reported ready.
     */
    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        RunSpec spec = run.spec();
        if (spec.fanIn()) {
            int maxFrame = Frame.largestFrame(spec.payloadSize());
            return jdk(spec) ? JdkSockets.listenUnix(run.file(SOCKET_FILE), spec.producers(), maxFrame, spec.timeout())
                    : type(spec).listenMany(address(run), spec);
        }
        return jdk(spec) ? JdkSockets.listenUnix(run.file(SOCKET_FILE), spec.timeout())
                : type(spec).listen(address(run), spec);
    }

    @Override
    public Endpoint openProducer(RunContext run, int producer) throws IOException {
        return jdk(run.spec()) ? JdkSockets.connectUnix(run.file(SOCKET_FILE)) : type(run.spec()).connect(address(run), run.spec());
    }

    private static boolean jdk(RunSpec spec) {
        return IMPL.valueIn(spec).equals("jdk");
    }

    private static UnixSocketType type(RunSpec spec) {
        return TransportOption.constant(UnixSocketType.class, SOCKET_TYPE.valueIn(spec));
    }

    /** A file in the run directory, or an abstract name that starts with the run's object prefix. */
    static AFUNIXSocketAddress address(RunContext run) throws SocketException {
        return ADDRESS.valueIn(run.spec()).equals("abstract")
                ? AFUNIXSocketAddress.inAbstractNamespace(run.objectName("unix"))
                : AFUNIXSocketAddress.of(run.file(SOCKET_FILE));
    }
}
