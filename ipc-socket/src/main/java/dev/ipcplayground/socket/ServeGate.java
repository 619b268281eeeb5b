package dev.ipcplayground.socket;

import dev.ipcplayground.core.Frame;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The door of {@code launcher serve}: one listening socket for serve's whole life, and the
 * handshake of every connection that comes to it, between runs and during them.
 *
 * <p>Anyone who reaches the port may connect, so nothing a connection sends is trusted before its
 * hello has been read and checked. Each connection in turn:
 *
 * <ol>
 *   <li>takes the place of the one that has waited longest, if {@value #SHAKING_MAX} others are
 *       shaking hands: a flood of silent connections costs serve an accept and a close each and
 *       holds no more memory than {@value #SHAKING_MAX} hellos, and a producer, which answers
 *       within a round trip, still gets through it;
 *   <li>gets a {@link Frame#CHALLENGE}, fresh random bytes ({@link Secret});
 *   <li>has {@link #HELLO_WITHIN} to send its {@link Frame#HELLO}, whose header may announce at
 *       most {@value #HELLO_MAX} bytes (a larger one is refused at the header, before its bytes are
 *       read: the decoder is Netty's, failing fast);
 *   <li>gets a {@link Frame#VERDICT}: refused, with the reason in words (a wrong secret, a hello
 *       that is no run's, a run already going), or, once all the producers its hello names have
 *       come, accepted: its connection is handed to the run's endpoint ({@link #adopt}).
 * </ol>
 *
 * <p>All of it runs on serve's one event loop, the one the run's consumer drives: a connection
 * that comes during a run is answered between the run's own reads, and nobody is ever turned away
 * for coming between two runs (the socket listens throughout; the kernel queues who comes while
 * serve finishes a run). Every refusal is one line in serve's log.
 */
@ChannelHandler.Sharable
final class ServeGate extends ChannelInboundHandlerAdapter implements AutoCloseable {

    /** The largest hello: a run's spec as JSON is under a kilobyte. */
    static final int HELLO_MAX = 16 * 1024;
    /** How many connections may shake hands at once; past it, the one that has waited longest is dropped. */
    static final int SHAKING_MAX = 64;
    /** How long a connection may take to say hello: a producer says it at once. */
    static final Duration HELLO_WITHIN = Duration.ofSeconds(5);
    /**
     * How long the producers of one run may take to come, at most (less if the run's --timeout is
     * less): one launcher starts them together, and a hello may not hold serve for a stranger's
     * --timeout of a year.
     */
    static final Duration GATHER_WITHIN = Duration.ofSeconds(30);

    /** The producers of one run, as they come: each one's connection at its index; all must come {@code within}. */
    record Gathering(RemoteRuns.Hello first, Channel[] producers, Duration within, long deadline) {

        Gathering(RemoteRuns.Hello first) {
            this(first, new Channel[first.spec().producers()], first.spec().timeout().compareTo(GATHER_WITHIN) < 0
                    ? first.spec().timeout() : GATHER_WITHIN);
        }

        private Gathering(RemoteRuns.Hello first, Channel[] producers, Duration within) {
            this(first, producers, within, System.nanoTime() + within.toNanos());
        }


        boolean complete() {
            return java.util.Arrays.stream(producers).allMatch(java.util.Objects::nonNull);
        }

        int missing() {
            return (int) java.util.Arrays.stream(producers).filter(java.util.Objects::isNull).count();
        }

        boolean holds(Channel c) {
            return java.util.Arrays.asList(producers).contains(c);
        }
    }

    private final ManualIoEventLoop loop;
    private final NettyIo io;
    private final Secret secret;
    private final PrintStream log;
    private Channel listener;
    /** The connections shaking hands, and the challenge each was sent. */
    private final Map<Channel, byte[]> shaking = new LinkedHashMap<>(); // oldest first
    /** The producers of the next run, until all have come. */
    private Gathering gathering;
    /** A run whose producers have all come, for {@link #nextRun} to hand out. */
    private Gathering ready;
    /** The run going on, as whoever comes meanwhile is told; null between runs. */
    private String running;

    private ServeGate(ManualIoEventLoop loop, NettyIo io, Secret secret, PrintStream log) {
        this.loop = loop;
        this.io = io;
        this.secret = secret;
        this.log = log;
    }

    /** Listens at {@code address} on an event loop run by this thread, until {@link #close}. */
    static ServeGate open(NettyIo io, InetSocketAddress address, Secret secret, PrintStream log) throws IOException {
        ManualIoEventLoop loop = new ManualIoEventLoop(Thread.currentThread(), io.handler.get());
        ServeGate gate = new ServeGate(loop, io, secret, log);
        ChannelFuture bound = new ServerBootstrap()
                .group(loop)
                .channel(io.serverChannel)
                .option(ChannelOption.SO_REUSEADDR, true) // a serve started again binds at once
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(NettyEndpoint.FRAMES, NettyEndpoint.decoder(Frame.HEADER_BYTES + Secret.PROOF_BYTES + HELLO_MAX))
                                .addLast(gate);
                    }
                })
                .bind(address);
        NettyEndpoint.await(loop, bound, "binding " + address);
        if (!bound.isSuccess()) {
            NettyEndpoint.await(loop, loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS), "stopping the event loop");
            throw new IOException("cannot listen on " + address + ": " + bound.cause().getMessage(), bound.cause());
        }
        gate.listener = bound.channel();
        return gate;
    }

    /**
     * Runs the loop until the producers of a run have all said hello, and returns them; from now
     * on whoever comes is told that this run is going, until {@link #ended}.
     */
    Gathering nextRun() {
        while (ready == null) {
            if (gathering != null && System.nanoTime() > gathering.deadline()) {
                fail(gathering, gathering.missing() + " of " + gathering.producers().length
                        + " producers did not come within " + gathering.within().toSeconds() + " s");
            }
            loop.run(TimeUnit.MILLISECONDS.toNanos(100));
        }
        Gathering run = ready;
        ready = null;
        running = "a run from " + peer(run.producers()[0]) + " (" + run.first().run() + ")";
        return run;
    }

    /**
     * The run's consumer endpoint, holding its producers' connections; each producer is told it
     * may start. Whatever the run's largest frame, frames up to it pass from now on.
     */
    NettyEndpoint adopt(Gathering run, int maxFrame) {
        NettyEndpoint endpoint = NettyEndpoint.adopting(loop, io, run.producers().length);
        for (Channel producer : run.producers()) {
            endpoint.adopt(producer, this, maxFrame);
            verdict(producer, "");
        }
        return endpoint;
    }

    /** The run has ended: the next producer to come starts the next. */
    void ended() {
        running = null;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel c = ctx.channel();
        if (shaking.size() >= SHAKING_MAX) {
            refuse(shaking.keySet().iterator().next(), "dropped for a newer connection: serve shakes hands with "
                    + SHAKING_MAX + " at most, and this one had waited longest for its hello");
        }
        byte[] challenge = Secret.challenge();
        shaking.put(c, challenge);
        send(c, Frame.CHALLENGE, challenge);
        ctx.executor().schedule(() -> {
            if (shaking.containsKey(c)) {
                refuse(c, "it said no hello within " + HELLO_WITHIN.toSeconds() + " s");
            }
        }, HELLO_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel c = ctx.channel();
        ByteBuf bytes = (ByteBuf) msg;
        try {
            byte[] challenge = shaking.remove(c);
            if (challenge == null) { // a gathered producer speaks only once told to start
                if (gathering != null && gathering.holds(c)) {
                    fail(gathering, "producer " + java.util.Arrays.asList(gathering.producers()).indexOf(c)
                            + " sent a frame before its run began");
                }
                return;
            }
            Frame frame = new Frame(Math.max(0, bytes.readableBytes() - Frame.HEADER_BYTES));
            bytes.readBytes(frame.bytes(), 0, bytes.readableBytes());
            RemoteRuns.Hello hello;
            try {
                hello = RemoteRuns.Hello.read(frame, challenge, secret);
            } catch (IOException e) {
                refuse(c, e.getMessage());
                return;
            }
            admit(c, hello);
        } finally {
            bytes.release();
        }
    }

    /** A hello that checks out: the first of a run, or one of the run gathering, or refused as one too many. */
    private void admit(Channel c, RemoteRuns.Hello hello) {
        if (running != null || ready != null) {
            refuse(c, "serve is busy with " + (running != null ? running : "a run about to start") + "; try again when it ends");
            return;
        }
        if (gathering == null) {
            gathering = new Gathering(hello);
            log.println(RemoteRuns.now() + " run from " + peer(c) + ": " + RemoteRuns.describe(hello.spec()));
        } else if (!gathering.first().run().equals(hello.run())) {
            refuse(c, "serve is gathering the " + gathering.producers().length + " producers of another run ("
                    + gathering.first().run() + "); try again when it ends");
            return;
        } else if (!hello.spec().equals(gathering.first().spec())) {
            refuse(c, "producer " + hello.producer() + "'s settings differ from those of the run it names");
            return;
        } else if (gathering.producers()[hello.producer()] != null) {
            refuse(c, "producer " + hello.producer() + " of " + hello.run() + " came twice");
            return;
        }
        gathering.producers()[hello.producer()] = c;
        if (gathering.complete()) {
            ready = gathering;
            gathering = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channel c = ctx.channel();
        if (shaking.remove(c) != null) {
            log.println(RemoteRuns.now() + " a connection from " + peer(c) + " closed before its hello");
        } else if (gathering != null && gathering.holds(c)) {
            fail(gathering, "producer " + java.util.Arrays.asList(gathering.producers()).indexOf(c) + " closed its connection");
        } else if (ready != null && ready.holds(c)) {
            fail(ready, "producer " + java.util.Arrays.asList(ready.producers()).indexOf(c) + " closed its connection");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Channel c = ctx.channel();
        String why = cause instanceof TooLongFrameException
                ? "its first frame is larger than a hello can be (" + HELLO_MAX + " bytes): " + cause.getMessage()
                : cause instanceof DecoderException ? "its first frame is no frame: " + cause.getMessage()
                : "its connection failed: " + cause.getMessage();
        if (gathering != null && gathering.holds(c)) {
            fail(gathering, why);
        } else {
            refuse(c, why);
        }
    }

    /** The run gathering cannot start: each of its producers is told why, and serve waits for the next. */
    private void fail(Gathering failed, String why) {
        log.println(RemoteRuns.now() + " the run from " + peer(failed.producers()) + " failed before it began: " + why);
        for (Channel producer : failed.producers()) {
            if (producer != null) {
                verdict(producer, "the run failed before it began: " + why);
                producer.close();
            }
        }
        if (gathering == failed) {
            gathering = null;
        }
        if (ready == failed) {
            ready = null;
        }
    }

    /** One line in the log, the reason told to the connection, and the connection closed. */
    private void refuse(Channel c, String why) {
        shaking.remove(c);
        log.println(RemoteRuns.now() + " refused " + peer(c) + ": " + why);
        verdict(c, why);
        c.close();
    }

    private static void verdict(Channel c, String refusal) {
        send(c, Frame.VERDICT, refusal.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a control frame, if the connection is still open; a failure to send is the peer's loss, not serve's. */
    private static void send(Channel c, long control, byte[] payload) {
        if (c.isActive()) {
            Frame frame = new Frame(payload.length).fillControl(control, payload);
            c.writeAndFlush(c.alloc().directBuffer(frame.length()).writeBytes(frame.bytes(), 0, frame.length()));
        }
    }

    private static String peer(Channel... connections) {
        for (Channel c : connections) {
            if (c != null && c.remoteAddress() instanceof InetSocketAddress at) {
                return at.getAddress().getHostAddress() + ":" + at.getPort();
            }
        }
        return "?";
    }

    /** Stops listening, closes every connection still shaking hands or gathered, and stops the loop. */
    @Override
    public void close() {
        java.util.List<Channel> open = new java.util.ArrayList<>(shaking.keySet());
        for (Gathering g : new Gathering[] {gathering, ready}) {
            if (g != null) {
                java.util.Arrays.stream(g.producers()).filter(java.util.Objects::nonNull).forEach(open::add);
            }
        }
        open.add(listener);
        for (Channel c : open) {
            NettyEndpoint.await(loop, c.close(), "closing " + c);
        }
        NettyEndpoint.await(loop, loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS), "stopping the event loop");
    }
}
