package dev.ipcplayground.socket;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Topology;
import dev.ipcplayground.core.ServingTransport;
import dev.ipcplayground.core.TransportOption;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * TCP through Netty: on loopback by default, or to a consumer on another host ({@code --connect}).
 *
 * <p>The consumer listens on 127.0.0.1 on a port the kernel picks, and writes the port to
 * {@value #PORT_FILE} in the run directory before it reports ready; the producer reads it and
 * connects. Both sides turn off Nagle's algorithm ({@code TCP_NODELAY}): with it, a small write
 * waits for the previous one's acknowledgement, and a ping-pong of small messages would wait
 * for delayed ACKs (up to 40 ms) on every turn.
 *
 * <p>With {@code --connect HOST:PORT} the consumer is a {@code launcher serve} on another host
 * ({@link RemoteRuns}); the launcher starts only the producer.
 */
public final class TcpTransport implements ServingTransport {

    static final TransportOption IO = new TransportOption("io", "nio|epoll|io_uring",
            "how Netty's event loop waits for its socket: nio, epoll or io_uring",
            () -> NettyIo.byDefault().key(), given -> NettyIo.of(given.trim().toLowerCase(java.util.Locale.ROOT)).key(),
            // Finding out loads Netty's native transports (a quarter of a second): only a tcp run does it. The
            // words name NettyIo.PREFERRED without touching it, which would load Netty's classes for every --help.
            "epoll where it loads, else nio");
    static final TransportOption CONNECT = new TransportOption("connect", "HOST:PORT",
            "the consumer is a `launcher serve` on another host, listening at HOST:PORT; only the producers start here",
            () -> null, given -> {
                HostPort.parseRemote("--connect", given);
                return given;
            });
    static final TransportOption SECRET_FILE = new TransportOption("secret-file", "FILE",
            "with --connect, or for `launcher serve`: a file of 16 to 4096 bytes both hosts hold; serve runs only for "
                    + "producers that prove they hold it (HMAC-SHA-256 of a fresh challenge)",
            () -> null, Secret::check);
    static final TransportOption IMPL = TransportOption.choice("impl",
            "whose sockets: Netty's, or the JDK's own blocking SocketChannel (loopback only; --io and --connect are Netty's)",
            "netty", "netty", "jdk");
    static final String PORT_FILE = "tcp.port";

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public String description() {
        return "TCP on loopback through Netty 4.2, TCP_NODELAY, the event loop run by the rig's own thread (--io "
                + "nio|epoll|io_uring); or to a consumer on another host (launcher serve, --connect); or the JDK's own "
                + "SocketChannel (--impl netty|jdk)";
    }

    @Override
    public List<TransportOption> options() {
        return List.of(IO, CONNECT, SECRET_FILE, IMPL);
    }

    /** A comparison runs the JDK's own TCP socket beside Netty's. */
    @Override
    public List<Map<String, String>> comparedWith() {
        return List.of(Map.of(IMPL.name(), "jdk"));
    }

    /**
     * With {@code --impl jdk} Netty's settings have no meaning: given, they are refused; not given,
     * they are left out of the run's settings, so that the report does not name an event loop.
     */
    @Override
    public RunSpec check(RunSpec spec) {
        if (spec.settings().containsKey(SECRET_FILE.name()) && !spec.settings().containsKey(CONNECT.name())) {
            throw new IllegalArgumentException("--secret-file proves a producer to a `launcher serve`: it needs --connect HOST:PORT");
        }
        if (!jdk(spec)) {
            return ServingTransport.super.check(spec);
        }
        for (TransportOption nettys : List.of(IO, CONNECT)) {
            if (spec.settings().containsKey(nettys.name())) {
                throw new IllegalArgumentException("--" + nettys.name() + " is Netty's: it has no meaning with --impl jdk "
                        + "(the JDK's blocking SocketChannel, on loopback)");
            }
        }
        return TransportOption.applyAll(List.of(IMPL), spec);
    }

    /** How to wait, and whom to serve, apply to the listening side. */
    @Override
    public List<TransportOption> serveOptions() {
        return List.of(IO, SECRET_FILE);
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return Frame.MAX_PAYLOAD; // a byte stream: any length
    }

    @Override
    public Topology topology(RunSpec spec) {
        return spec.settings().containsKey(CONNECT.name()) ? Topology.CONSUMER_ELSEWHERE : Topology.LAUNCHER_STARTS_BOTH;
    }

    @Override
    public List<String> childJvmOptions() {
        // Netty reaches for sun.misc.Unsafe's memory access; allowed explicitly, the JDK prints no warning.
        // Leak detection samples 1 buffer in 128 and records a stack trace for it: garbage on the
        // hot path. This code releases every buffer it takes (NettyEndpoint); the tests run it.
        return List.of("--sun-misc-unsafe-memory-access=allow", "-Dio.netty.leakDetection.level=disabled");
    }

    /**
     * Netty keeps its pools (of buffers, of write-queue entries) per thread, but only for its own
     * threads; the rig's thread is not one, and without this every pooled object would be new.
     */
    @Override
    public <T> T onSideThread(Callable<T> side) throws Exception {
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        FastThreadLocalThread.runWithFastThreadLocal(() -> {
            try {
                result[0] = side.call();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /**
     * A connection per producer: Netty's channels all on the rig's one event loop, or, with
     * {@code --impl jdk}, the JDK's channels waited on with one selector ({@link SelectorConsumer}).
     */
    @Override
    public ManyProducers manyProducers(RunSpec spec) {
        if (CONNECT.valueIn(spec) != null) {
            return ManyProducers.as("a connection per producer to `launcher serve`, every channel on its one Netty event loop");
        }
        return ManyProducers.as(jdk(spec) ? "a connection per producer, all waited on with one selector (the JDK's, over epoll)"
                : "a connection per producer, every channel on the consumer's one Netty event loop (" + io(spec).key() + ")");
    }

    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        RunSpec spec = run.spec();
        if (jdk(spec)) {
            InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
            JdkSockets.ListeningTcp listening = spec.fanIn()
                    ? JdkSockets.listenTcp(loopback, spec.producers(), Frame.largestFrame(spec.payloadSize()), spec.timeout())
                    : JdkSockets.listenTcp(loopback, spec.timeout());
            run.writeAtomically(PORT_FILE, Integer.toString(listening.port()).getBytes());
            return listening.endpoint();
        }
        NettyEndpoint endpoint = listen(io(spec), Frame.largestFrame(spec.payloadSize()),
                new InetSocketAddress("127.0.0.1", 0), spec.timeout(), spec.producers());
        run.writeAtomically(PORT_FILE, Integer.toString(endpoint.listeningPort()).getBytes());
        return endpoint;
    }

    @Override
    public Endpoint openProducer(RunContext run, int producer) throws IOException {
        RunSpec spec = run.spec();
        String remote = CONNECT.valueIn(spec);
        if (remote != null) {
            return RemoteRuns.start(run, producer, HostPort.parseRemote("--connect", remote));
        }
        int port = Integer.parseInt(Files.readString(run.file(PORT_FILE)).trim());
        if (jdk(spec)) {
            return JdkSockets.connectTcp(new InetSocketAddress("127.0.0.1", port));
        }
        return connect(io(spec), Frame.largestFrame(spec.payloadSize()), new HostPort("127.0.0.1", port));
    }

    @Override
    public void serve(String address, Map<String, String> settings, long runs, PrintStream log) throws Exception {
        HostPort listen = HostPort.parse("--listen", address);
        NettyIo io = NettyIo.of(settings.getOrDefault(IO.name(), NettyIo.byDefault().key()));
        String secretFile = settings.get(SECRET_FILE.name());
        Secret secret = secretFile == null ? null : Secret.read(java.nio.file.Path.of(secretFile));
        // The launcher's JVM was not started with childJvmOptions(): the same choice, made here.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        onSideThread(() -> {
            RemoteRuns.serve(io, listen, secret, runs, log);
            return null;
        });
    }

    private static boolean jdk(RunSpec spec) {
        return IMPL.valueIn(spec).equals("jdk");
    }

    static NettyIo io(RunSpec spec) {
        return NettyIo.of(IO.valueIn(spec));
    }

    /**
     * The consumer's end: a socket listening at {@code address}; the endpoint accepts one
     * connection on first use (within {@code acceptWithin}) and then stops listening.
     */
    static NettyEndpoint listen(NettyIo io, int maxFrame, InetSocketAddress address, Duration acceptWithin) throws IOException {
        return listen(io, maxFrame, address, acceptWithin, 1);
    }

    /** The consumer's end for {@code producers} producers: it accepts a connection from each, then stops listening. */
    static NettyEndpoint listen(NettyIo io, int maxFrame, InetSocketAddress address, Duration acceptWithin, int producers)
            throws IOException {
        ManualIoEventLoop loop = new ManualIoEventLoop(Thread.currentThread(), io.handler.get());
        return bind(loop, new NettyEndpoint(loop, producers == 1 ? "the producer" : "a producer", io, producers), io, maxFrame,
                address, acceptWithin);
    }

    private static NettyEndpoint bind(ManualIoEventLoop loop, NettyEndpoint endpoint, NettyIo io, int maxFrame,
                                      InetSocketAddress address, Duration acceptWithin) throws IOException {
        ChannelFuture bound = new ServerBootstrap()
                .group(loop)
                .channel(io.serverChannel)
                .option(ChannelOption.SO_REUSEADDR, true) // a port of an earlier run, in TIME_WAIT, can be had again
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(pipeline(endpoint, maxFrame))
                .bind(address);
        NettyEndpoint.await(loop, bound, "binding " + address);
        if (!bound.isSuccess()) {
            endpoint.close();
            throw new IOException("cannot listen on " + address + ": " + bound.cause().getMessage(), bound.cause());
        }
        endpoint.acceptOn(bound.channel(), acceptWithin);
        return endpoint;
    }

    /** The producer's end: connected to the consumer at {@code consumer}. */
    static NettyEndpoint connect(NettyIo io, int maxFrame, HostPort consumer) throws IOException {
        ManualIoEventLoop loop = new ManualIoEventLoop(Thread.currentThread(), io.handler.get());
        NettyEndpoint endpoint = new NettyEndpoint(loop, "the consumer", io);
        ChannelFuture connected = new Bootstrap()
                .group(loop)
                .channel(io.channel)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(pipeline(endpoint, maxFrame))
                .connect(consumer.host(), consumer.port());
        NettyEndpoint.await(loop, connected, "connecting to " + consumer);
        if (!connected.isSuccess()) {
            endpoint.close();
            throw new IOException("cannot connect to the consumer at " + consumer + ": " + connected.cause().getMessage(), connected.cause());
        }
        return endpoint;
    }

    /** Each connection: the frame decoder, then the endpoint, which receives whole frames. */
    private static ChannelInitializer<SocketChannel> pipeline(NettyEndpoint endpoint, int maxFrame) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(NettyEndpoint.FRAMES, NettyEndpoint.decoder(maxFrame)).addLast(endpoint);
                endpoint.connected(channel);
            }
        };
    }
}
