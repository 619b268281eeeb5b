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
 * <p>The consumer of {@code launcher serve} ({@link #served}) learns how many producers come
 * from the first frame of the first connection, the producer's hello: the first frame of every
 * connection is kept apart as its hello ({@link #hellos}), and the endpoint stops listening once
 * it knows the count and has them all ({@link #expect}).
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
    /** Served: each connection's first frame, its hello, kept out of {@link #frames}. */
    private final java.util.LinkedHashMap<Channel, Frame> hellos;
    /** Served: when each connection came, so that one saying no hello in time can be dropped. */
    private final java.util.Map<Channel, Long> connectedAt = new java.util.HashMap<>();
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
        this(loop, who, io, connections, connections > 1, false);
    }

    private NettyEndpoint(ManualIoEventLoop loop, String who, NettyIo io, int connections, boolean many, boolean served) {
        this.loop = loop;
        this.who = who;
        this.expected = connections;
        this.many = many;
        this.hellos = served ? new java.util.LinkedHashMap<>() : null;
        this.byProducer = new Channel[connections];
        facts.put("io", io.key());
        if (connections > 1) {
            facts.put("connections", Integer.toString(connections));
        }
    }

    /** The consumer of {@code launcher serve}: as many connections as the first hello says, each saying hello first. */
    static NettyEndpoint served(ManualIoEventLoop loop, NettyIo io) {
        return new NettyEndpoint(loop, "a producer", io, 1, true, true);
    }

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
        if (hellos != null) {
            connectedAt.put(channel, System.nanoTime());
        }
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

    /**
     * Served: runs the loop until {@code n} connections have said hello (the first frame of each),
     * within {@code within}, and returns the hellos in the order they came. Listening goes on.
     */
    java.util.List<Frame> hellos(int n, java.time.Duration within, java.time.Duration helloWithin) throws IOException {
        long deadline = System.nanoTime() + Math.min(within.toNanos(), Long.MAX_VALUE / 2);
        while (hellos.size() < n) {
            for (var since : connectedAt.entrySet()) { // a connection that says nothing may not hold serve
                if (!hellos.containsKey(since.getKey()) && System.nanoTime() - since.getValue() > helloWithin.toNanos()) {
                    throw new IOException("a connection from " + since.getKey().remoteAddress() + " said no hello within "
                            + helloWithin.toSeconds() + " s");
                }
            }
            if (failure != null) {
                throw new IOException("a connection failed before its hello: " + failure.getMessage(), failure);
            }
            for (Channel c : closedChannels) {
                if (!hellos.containsKey(c)) {
                    throw new EOFException("a connection from " + c.remoteAddress() + " closed before its hello");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException((n - hellos.size()) + " of " + n + " producers did not connect within the run's --timeout");
            }
            loop.run(TURN_NANOS);
        }
        return new java.util.ArrayList<>(hellos.values());
    }

    /** Served: the run has {@code producers} producers, whose hellos have all come: stop listening, take no more. */
    void expect(int producers) throws IOException {
        if (accepted.size() > producers) {
            throw new IOException(accepted.size() + " connections came for a run of " + producers + " producer"
                    + (producers == 1 ? "" : "s"));
        }
        expected = producers;
        byProducer = new Channel[producers];
        if (producers > 1) {
            facts.put("connections", Integer.toString(producers));
        }
        await(loop, listener.close(), "closing the listening socket");
        listener = null;
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
            if (byProducer[frame.producer()] == null) {
                byProducer[frame.producer()] = source; // its first frame: replies to it go here
            }
            if (frame.isEnd()) {
                ended.add(source);
            }
        }
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
        if (hellos != null && !hellos.containsKey(ctx.channel())) {
            ByteBuf first = (ByteBuf) msg;
            Frame hello = new Frame(Math.max(0, first.readableBytes() - Frame.HEADER_BYTES));
            first.readBytes(hello.bytes(), 0, first.readableBytes());
            first.release();
            hellos.put(ctx.channel(), hello);
            return;
        }
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
        await(loop, loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS), "stopping the event loop");
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
