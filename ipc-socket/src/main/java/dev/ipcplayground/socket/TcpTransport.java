package dev.ipcplayground.socket;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * TCP through Netty: on loopback by default, or to a consumer on another host ({@code --connect}).
 *
 * <p>The consumer listens on 127.0.0.1 on a port the kernel picks, and writes the port to
 * {@value #PORT_FILE} in the run directory before it reports ready; the producer reads it and
 * connects. Both sides turn off Nagle's algorithm ({@code TCP_NODELAY}): with it, a small write
 * waits for the previous one's acknowledgement, and a ping-pong of small messages would wait
 * for delayed ACKs (up to 40 ms) on every turn.
 */
public final class TcpTransport implements Transport {

    static final String IO = "io", CONNECT = "connect";
    static final String PORT_FILE = "tcp.port";

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public String description() {
        return "TCP on loopback through Netty 4.2 (--io nio|epoll|io_uring, TCP_NODELAY), or to `launcher serve` on another host (--connect)";
    }

    @Override
    public Set<String> settings() {
        return Set.of(IO, CONNECT);
    }

    @Override
    public RunSpec check(RunSpec spec) {
        NettyIo io = spec.settings().containsKey(IO) ? NettyIo.of(spec.setting(IO, "")) : NettyIo.byDefault();
        if (spec.settings().containsKey(CONNECT)) {
            HostPort.parse("--connect", spec.setting(CONNECT, ""));
        }
        return Transport.super.check(spec.with(IO, io.key()));
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return Frame.MAX_PAYLOAD; // a byte stream: any length
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

    /** A run with --connect has its consumer elsewhere: the launcher starts only the producer. */
    public static boolean remote(RunSpec spec) {
        return spec.settings().containsKey(CONNECT);
    }

    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        RunSpec spec = run.spec();
        Channel listener = listen(spec, new InetSocketAddress("127.0.0.1", 0));
        NettyEndpoint endpoint = listener.attr(ENDPOINT).get();
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        var partial = run.file(PORT_FILE + ".partial");
        Files.writeString(partial, Integer.toString(port));
        Files.move(partial, run.file(PORT_FILE), StandardCopyOption.ATOMIC_MOVE);
        endpoint.acceptOn(listener, spec.timeout());
        return endpoint;
    }

    @Override
    public Endpoint openProducer(RunContext run) throws IOException {
        RunSpec spec = run.spec();
        HostPort consumer = remote(spec) ? HostPort.parse("--connect", spec.setting(CONNECT, ""))
                : new HostPort("127.0.0.1", Integer.parseInt(Files.readString(run.file(PORT_FILE)).trim()));
        return connect(spec, consumer);
    }

    static final io.netty.util.AttributeKey<NettyEndpoint> ENDPOINT = io.netty.util.AttributeKey.valueOf("endpoint");

    /** Binds a listening socket whose one connection will feed the returned channel's endpoint attribute. */
    static Channel listen(RunSpec spec, InetSocketAddress address) throws IOException {
        NettyIo io = NettyIo.of(spec.setting(IO, NettyIo.byDefault().key()));
        ManualIoEventLoop loop = new ManualIoEventLoop(Thread.currentThread(), io.handler.get());
        NettyEndpoint endpoint = new NettyEndpoint(loop, "the producer", io);
        ChannelFuture bound = new ServerBootstrap()
                .group(loop)
                .channel(io.serverChannel)
                .attr(ENDPOINT, endpoint)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(pipeline(endpoint, spec))
                .bind(address);
        NettyEndpoint.await(loop, bound, "binding " + address);
        if (!bound.isSuccess()) {
            endpoint.close();
            throw new IOException("cannot listen on " + address + ": " + bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }

    static Endpoint connect(RunSpec spec, HostPort consumer) throws IOException {
        NettyIo io = NettyIo.of(spec.setting(IO, NettyIo.byDefault().key()));
        ManualIoEventLoop loop = new ManualIoEventLoop(Thread.currentThread(), io.handler.get());
        NettyEndpoint endpoint = new NettyEndpoint(loop, "the consumer", io);
        ChannelFuture connected = new Bootstrap()
                .group(loop)
                .channel(io.channel)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(pipeline(endpoint, spec))
                .connect(consumer.host(), consumer.port());
        NettyEndpoint.await(loop, connected, "connecting to " + consumer);
        if (!connected.isSuccess()) {
            endpoint.close();
            throw new IOException("cannot connect to the consumer at " + consumer + ": " + connected.cause().getMessage(), connected.cause());
        }
        return endpoint;
    }

    /** Each connection: the frame decoder, then the endpoint, which receives whole frames. */
    private static ChannelInitializer<SocketChannel> pipeline(NettyEndpoint endpoint, RunSpec spec) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(NettyEndpoint.decoder(Frame.largestFrame(spec.payloadSize())), endpoint);
                endpoint.connected(channel);
            }
        };
    }
}
