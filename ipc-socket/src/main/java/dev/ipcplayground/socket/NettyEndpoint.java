package dev.ipcplayground.socket;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ManualIoEventLoop;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.Future;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One side of a TCP connection through Netty, with the event loop run by the rig's own thread.
 *
 * <p>Netty normally runs its event loop on a thread of its own, and an application thread hands
 * it work through a task queue: every message would cross two threads on each side, a wake-up
 * each way. Netty 4.2's {@link ManualIoEventLoop} lets the caller's thread be the event loop: a
 * {@link #send} writes and flushes inline (one {@code write} system call), and a {@link #receive}
 * runs the loop (one {@code epoll_wait}, one {@code read}) until the decoder has cut out a frame.
 *
 * <p>The decoder is Netty's own {@link LengthFieldBasedFrameDecoder}, reading the payload length
 * from the frame header (offset 16, 4 bytes, little-endian; 4 bytes of CRC follow it). Buffers come
 * from Netty's pooled allocator and go back to it as soon as a frame is copied out.
 *
 * <p>A consumer of many producers ({@code --producers N}) accepts a connection from each, all
 * channels on the one loop: one {@code epoll_wait} reports whichever sockets are readable, and
 * the frames of all of them queue here in the order they were read. A producer is known by the
 * index in its frames; its replies go back on the channel they came from.
 *
 * <p>The consumer of {@code launcher serve} listens on nothing: {@link ServeGate} has shaken hands
 * with the run's producers on serve's own loop, and hands their connections over
 * ({@link #adopting}, {@link #adopt}); the loop goes on being serve's.
 */
@ChannelHandler.Sharable
final class NettyEndpoint extends ChannelInboundHandlerAdapter implements Endpoint {

    /** How long one turn of the loop may sleep before the endpoint looks at the clock and the channel again. */
    private static final long TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ManualIoEventLoop loop;
    private final ArrayDeque<ByteBuf> frames = new ArrayDeque<>();
    private final String who;
    private final java.util.TreeMap<String, String> facts = new java.util.TreeMap<>();
    /** The channel each frame in {@link #frames} came on. */
    private final ArrayDeque<Channel> sources = new ArrayDeque<>();
    /** How many connections the consumer accepts (1 for a producer, which connects once). */
    private int expected;
    /** Whether frames are told apart by the connection they came on: a consumer of many producers, or a served one. */
    private final boolean many;
    /** Whether closing this endpoint stops the loop: not for a served run, whose loop is serve's. */
    private final boolean ownsLoop;
    private final java.util.List<Channel> accepted = new java.util.ArrayList<>();
    /** Many producers: each one's channel, learnt from its first frame; the channels whose producer sent its END; those closed. */
    private Channel[] byProducer;
    private final java.util.Set<Channel> ended = new java.util.HashSet<>(), closedChannels = new java.util.HashSet<>();
    private Channel channel;
    private Channel listener;
    private long acceptDeadline;
    private Throwable failure;
    private boolean closed;

    NettyEndpoint(ManualIoEventLoop loop, String who, NettyIo io) {
        this(loop, who, io, 1);
    }

    /** @param connections how many producers the consumer accepts */
    NettyEndpoint(ManualIoEventLoop loop, String who, NettyIo io, int connections) {
        this(loop, who, io, connections, connections > 1, true);
    }

    private NettyEndpoint(ManualIoEventLoop loop, String who, NettyIo io, int connections, boolean many, boolean ownsLoop) {
        this.loop = loop;
        this.who = who;
        this.expected = connections;
        this.many = many;
        this.ownsLoop = ownsLoop;
        this.byProducer = new Channel[connections];
        facts.put("io", io.key());
        if (connections > 1) {
            facts.put("connections", Integer.toString(connections));
        }
    }

    /**
     * The consumer of a run of {@code launcher serve}: the connections of its {@code producers},
     * handed over by {@link #adopt} once each has said hello, on serve's {@code loop}.
     */
    static NettyEndpoint adopting(ManualIoEventLoop loop, NettyIo io, int producers) {
        return new NettyEndpoint(loop, producers == 1 ? "the producer" : "a producer", io, producers, true, false);
    }

    /**
     * Takes over a connection that has shaken hands: its frames, up to the run's largest
     * ({@code maxFrame}), come here from now on instead of to {@code handler}, which it leaves.
     */
    void adopt(Channel connection, ChannelHandler handler, int maxFrame) {
        connection.pipeline().replace(handler, "endpoint", this);
        connection.pipeline().replace(FRAMES, FRAMES, decoder(maxFrame));
        connected(connection);
    }

    /** The name of the frame decoder in every connection's pipeline. */
    static final String FRAMES = "frames";

    /** The decoder that cuts the byte stream into whole frames, for a run whose largest frame is {@code maxFrame}. */
    static LengthFieldBasedFrameDecoder decoder(int maxFrame) {
        return new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN, maxFrame, 16, 4, 4, 0, true) {
            /* The default reads through buffer.order(LITTLE_ENDIAN), a new wrapper object per frame. */
            @Override
            protected long getUnadjustedFrameLength(ByteBuf buffer, int offset, int length, ByteOrder order) {
                return buffer.getUnsignedIntLE(offset);
            }

            /*
             * By default a frame is a retained slice of the read buffer: a new (unpooled) slice
             * object per frame. A copy into a buffer from Netty's pool allocates nothing once warm.
             */
            @Override
            protected ByteBuf extractFrame(ChannelHandlerContext ctx, ByteBuf buffer, int index, int length) {
                return ctx.alloc().directBuffer(length).writeBytes(buffer, index, length);
            }
        };
    }

    /** The consumer's side: accept one connection on {@code listener} at the first receive, then stop listening. */
    void acceptOn(Channel listener, java.time.Duration timeout) {
        this.listener = listener;
        this.acceptDeadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 2);
    }

    /** The port the listening socket is bound to (the kernel picks it when asked for port 0). */
    int listeningPort() {
        return ((java.net.InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Called by the pipeline once a connection is set up. */
    void connected(Channel channel) {
        accepted.add(channel);
        if (this.channel == null) {
            this.channel = channel;
        }
    }

    private void awaitConnection() throws IOException {
        while (accepted.size() < expected) {
            if (System.nanoTime() > acceptDeadline) {
                throw new IOException(expected == 1 ? "the producer did not connect within the run's --timeout"
                        : (expected - accepted.size()) + " of " + expected + " producers did not connect within the run's --timeout");
            }
            loop.run(TURN_NANOS);
        }
        if (listener != null) {
            await(loop, listener.close(), "closing the listening socket"); // nobody else may connect
            listener = null;
        }
    }

    @Override
    public void send(Frame frame) throws IOException {
        if (listener != null) {
            awaitConnection();
        }
        Channel channel = many ? byProducer[frame.producer()] : this.channel;
        if (channel == null) {
            throw new IOException("a reply to producer " + frame.producer() + ", who has sent nothing yet");
        }
        ByteBuf buffer = channel.alloc().directBuffer(frame.length());
        buffer.writeBytes(frame.bytes(), 0, frame.length());
        channel.writeAndFlush(buffer, channel.voidPromise()); // inline: this thread is the event loop
        // What the kernel did not take waits in Netty's outbound buffer. Past its high-water mark
        // (64 KiB) the channel turns unwritable: run the loop until it drains, or a fast producer
        // would queue the whole run in memory. This is the stream's back-pressure.
        while (!channel.isWritable() && failure == null && !closed(channel)) {
            loop.run(TURN_NANOS);
        }
        if (failure != null) {
            throw new IOException("sending to " + who + " failed: " + failure.getMessage(), failure);
        }
        if (closed(channel)) { // this one: of many producers, one may finish while the others send
            throw new EOFException(who + " closed the connection");
        }
    }

    @Override
    public void receive(Frame frame) throws IOException {
        receive(frame, Long.MAX_VALUE);
    }

    /** Receives a frame, or fails once {@code within} has passed without one (a handshake, outside any run). */
    void receive(Frame frame, java.time.Duration within, String waitingFor) throws IOException {
        if (!receive(frame, System.nanoTime() + Math.min(within.toNanos(), Long.MAX_VALUE / 2))) {
            throw new IOException(who + " sent no " + waitingFor + " within " + within.toSeconds() + " s");
        }
    }

    /** Receives a frame into {@code frame}; false if none came by {@code deadline} (a {@link System#nanoTime}). */
    private boolean receive(Frame frame, long deadline) throws IOException {
        if (listener != null) {
            awaitConnection();
        }
        ByteBuf next;
        while ((next = frames.poll()) == null) {
            if (failure != null) {
                throw new IOException("the connection to " + who + " failed: " + failure.getMessage(), failure);
            }
            if (many ? closedBeforeItsEnd() : closed) {
                throw new EOFException(who + " closed the connection");
            }
            if (deadline != Long.MAX_VALUE && System.nanoTime() > deadline) {
                return false;
            }
            loop.run(TURN_NANOS);
        }
        Channel source = many ? sources.poll() : channel;
        try {
            int length = next.readableBytes();
            if (length > frame.capacity()) {
                throw new IOException("a " + length + "-byte frame from " + who + " is larger than any of this run");
            }
            next.readBytes(frame.bytes(), 0, length);
        } finally {
            next.release();
        }
        if (many) {
            if (frame.producer() >= byProducer.length) {
                throw new IOException("a frame from producer " + frame.producer() + ", in a run of " + byProducer.length);
            }
            if (byProducer[frame.producer()] == null) {
                byProducer[frame.producer()] = source; // its first frame: replies to it go here
            }
            if (frame.isEnd()) {
                ended.add(source);
            }
        }
        return true;
    }

    /** Whether {@code c} has closed: with one connection the flag, with many the set. */
    private boolean closed(Channel c) {
        return many ? closedChannels.contains(c) : closed;
    }

    /** Many producers: one closed its connection without its END (its frames all read: the queue is empty). */
    private boolean closedBeforeItsEnd() {
        for (Channel c : closedChannels) {
            if (!ended.contains(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        frames.add((ByteBuf) msg);
        if (many) {
            sources.add(ctx.channel()); // with one connection every frame comes on it: nothing to remember
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        closedChannels.add(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        ctx.close();
    }

    @Override
    public Map<String, String> facts() {
        if (channel != null && channel.remoteAddress() != null) {
            var peer = (java.net.InetSocketAddress) channel.remoteAddress();
            facts.put("peer-address", peer.getAddress().getHostAddress() + ":" + peer.getPort());
        }
        return facts;
    }

    @Override
    public void close() {
        frames.forEach(ByteBuf::release);
        frames.clear();
        sources.clear();
        java.util.List<Channel> open = new java.util.ArrayList<>(accepted);
        if (listener != null) {
            open.add(listener);
        }
        for (Channel c : open) {
            await(loop, c.close(), "closing " + c);
        }
        if (ownsLoop) {
            await(loop, loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS), "stopping the event loop");
        }
    }

    /** Runs the loop on this thread until {@code future} completes (nobody else will run it). */
    static <T> T await(ManualIoEventLoop loop, Future<T> future, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!future.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not finish within 10 s");
            }
            loop.run(TURN_NANOS);
        }
        return future.getNow();
    }
}
