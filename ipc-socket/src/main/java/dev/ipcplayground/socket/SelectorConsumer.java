package dev.ipcplayground.socket;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consumer of many producers over stream sockets, one connection each, waiting on all of
 * them with one {@link Selector}: the way a server has waited on many clients since
 * {@code select(2)}. The JDK's channels and junixsocket's are both {@code java.nio} channels, each
 * with its own selector provider (junixsocket's polls its sockets with {@code poll(2)}, the JDK's
 * with {@code epoll}); this class serves either.
 *
 * <p>Every connection is non-blocking and has a buffer of its own, into which the consumer reads
 * whatever the kernel holds; frames are cut out of it as on a blocking stream (the header, then
 * the payload it announces). {@link #receive} takes the next whole frame from the connections in
 * turn, and only when none holds one asks the selector which sockets are readable, sleeping in
 * {@code epoll_wait} (or {@code poll}) until one is. A producer is known by the index in its
 * frames, so each reply goes back on the connection its producer's frames came from.
 *
 * <p>A seqpacket connection ({@link #overMessages}) is read the same way, with one difference the
 * kernel makes: each {@code read} returns one whole message and no more, and drops what does not
 * fit in the buffer. So the consumer reads a ready seqpacket socket message by message while its
 * buffer has room for the largest frame, checking that each message is as long as its header
 * says; a stream socket gives all it holds in one {@code read}.
 */
final class SelectorConsumer implements Endpoint {

    /** One producer's connection: its channel, the bytes read from it not yet cut into frames, and who it is. */
    private static final class Connection {
        final SelectableChannel selectable;
        /** The same channel: a {@link SocketChannel}, or a seqpacket socket's {@code DatagramChannel}. */
        final ByteChannel channel;
        /** Whether each read is one whole message (seqpacket) rather than whatever bytes the stream holds. */
        final boolean messages;
        final ByteBuffer in;
        final Map<String, String> peer;
        int producer = -1;
        boolean ended, closed;

        <C extends SelectableChannel & ByteChannel> Connection(C channel, boolean messages, int bufferBytes, Map<String, String> peer) {
            this.selectable = channel;
            this.channel = channel;
            this.messages = messages;
            this.in = ByteBuffer.allocate(bufferBytes).order(ByteOrder.LITTLE_ENDIAN).flip(); // empty, in reading mode
            this.peer = peer;
        }

        String who() {
            return producer < 0 ? "a producer" : "producer " + producer;
        }
    }

    /** What accepting a connection checks (the peer's user, on a Unix socket), and the facts it learnt. */
    interface Admission {
        Map<String, String> admit(SocketChannel channel) throws IOException;
    }

    private final Connection[] connections;
    private final Connection[] byProducer;
    private final int maxFrame;
    private final Selector selector, writable;
    private final Runnable closing;
    /** The frame being sent, wrapped. */
    private ByteBuffer out;
    /** The connection whose turn it is to give a frame. */
    private int turn;
    /** For the report: selects that found sockets ready, and the frames they brought. */
    private long selects, frames;

    private SelectorConsumer(Connection[] connections, int maxFrame, Selector selector, Selector writable, Runnable closing) {
        this.connections = connections;
        this.maxFrame = maxFrame;
        this.byProducer = new Connection[connections.length];
        this.selector = selector;
        this.writable = writable;
        this.closing = closing;
    }

    /**
     * Accepts {@code producers} connections on {@code server} (within {@code within}), each
     * admitted by {@code admission}, and closes the server: nobody else may connect.
     *
     * @param maxFrame the largest frame of the run: each connection's buffer holds at least one
     * @param closing what to do after the channels are closed (the JDK leaves its socket file behind)
     */
    static SelectorConsumer accept(ServerSocketChannel server, int producers, Duration within, int maxFrame,
                                   Admission admission, Runnable closing) throws IOException {
        Connection[] connections = new Connection[producers];
        Selector selector = server.provider().openSelector(), writable = server.provider().openSelector();
        int accepted = 0;
        try (server) {
            server.configureBlocking(false);
            SelectionKey accepting = server.register(selector, SelectionKey.OP_ACCEPT);
            long deadline = System.nanoTime() + within.toNanos();
            while (accepted < producers) {
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (left <= 0) {
                    throw new IOException((producers - accepted) + " of " + producers + " producers did not connect within "
                            + within.toSeconds() + " s");
                }
                selector.select(left);
                selector.selectedKeys().clear();
                SocketChannel channel;
                while (accepted < producers && (channel = server.accept()) != null) {
                    connections[accepted] = new Connection(channel, false, Math.max(64 * 1024, maxFrame), admission.admit(channel));
                    register(connections[accepted++], selector, writable);
                }
            }
            accepting.cancel();
            return new SelectorConsumer(connections, maxFrame, selector, writable, closing);
        } catch (IOException | RuntimeException e) {
            closeAll(connections, selector, writable);
            throw e;
        }
    }

    /**
     * The consumer over seqpacket connections its caller accepted (a seqpacket listener is not a
     * selectable channel, so it accepts blocking), each with the facts its admission learnt.
     * Their buffers hold two of the largest frames, so a read never lacks room for a message.
     */
    static <C extends SelectableChannel & ByteChannel> SelectorConsumer overMessages(List<C> channels,
            List<Map<String, String>> peers, int maxFrame) throws IOException {
        Connection[] connections = new Connection[channels.size()];
        Selector selector = channels.getFirst().provider().openSelector(), writable = channels.getFirst().provider().openSelector();
        try {
            for (int i = 0; i < connections.length; i++) {
                connections[i] = new Connection(channels.get(i), true, Math.max(64 * 1024, 2 * maxFrame), peers.get(i));
                register(connections[i], selector, writable);
            }
            return new SelectorConsumer(connections, maxFrame, selector, writable, () -> {});
        } catch (IOException | RuntimeException e) {
            for (C channel : channels) {
                channel.close();
            }
            closeAll(connections, selector, writable);
            throw e;
        }
    }

    private static void register(Connection c, Selector selector, Selector writable) throws IOException {
        c.selectable.configureBlocking(false);
        c.selectable.register(selector, SelectionKey.OP_READ, c);
        c.selectable.register(writable, 0, c);
    }

    private static void closeAll(Connection[] connections, Selector selector, Selector writable) throws IOException {
        for (Connection c : connections) {
            if (c != null) {
                c.channel.close();
            }
        }
        selector.close();
        writable.close();
    }

    @Override
    public void receive(Frame frame) throws IOException {
        while (!nextFrame(frame)) {
            selectAndRead();
        }
    }

    /** The next whole frame any connection holds, from the one whose turn it is on; false when none holds one. */
    private boolean nextFrame(Frame frame) throws IOException {
        for (int looked = 0; looked < connections.length; looked++) {
            Connection c = connections[turn];
            turn = turn + 1 == connections.length ? 0 : turn + 1;
            if (cut(c, frame)) {
                frames++;
                if (c.producer < 0) {
                    c.producer = frame.producer(); // learnt from its first frame: replies to it go here
                    byProducer[c.producer] = c;
                }
                c.ended |= frame.isEnd();
                return true;
            }
            if (c.closed && !c.ended) {
                throw new EOFException(c.who() + " closed its connection before its last message");
            }
        }
        return false;
    }

    /** Cuts one frame out of {@code c}'s buffer, if a whole one is there: the header first, then the payload it announces. */
    private static boolean cut(Connection c, Frame frame) throws IOException {
        ByteBuffer in = c.in;
        if (in.remaining() < Frame.HEADER_BYTES) {
            return false;
        }
        int start = in.position();
        in.get(frame.bytes(), 0, Frame.HEADER_BYTES);
        int length = frame.streamedPayloadLength(c.who());
        if (in.remaining() < length) {
            in.position(start);
            return false;
        }
        in.get(frame.bytes(), Frame.HEADER_BYTES, length);
        return true;
    }

    /** Sleeps until a socket is readable, then reads what each ready socket holds into its buffer. */
    private void selectAndRead() throws IOException {
        selector.select();
        Set<SelectionKey> ready = selector.selectedKeys();
        selects++;
        for (Iterator<SelectionKey> it = ready.iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            Connection c = (Connection) key.attachment();
            ByteBuffer in = c.in.compact();
            try {
                if (c.messages ? !readMessages(c, in) : c.channel.read(in) < 0) {
                    c.closed = true;
                    key.cancel();
                }
            } finally {
                in.flip();
            }
        }
    }

    /**
     * Reads whole messages from a ready seqpacket socket while {@code in} has room for the largest
     * frame, until the socket has none ({@code read} gives 0); false when the peer has closed
     * ({@code read} gives -1).
     */
    private boolean readMessages(Connection c, ByteBuffer in) throws IOException {
        while (in.remaining() >= maxFrame) {
            int at = in.position();
            int n = c.channel.read(in);
            if (n <= 0) {
                return n == 0;
            }
            int declared = n < Frame.HEADER_BYTES ? -1 : Frame.HEADER_BYTES + in.getInt(at + Frame.LENGTH_OFFSET);
            if (n != declared) {
                throw new IOException("a message from " + c.who() + " is " + n + " bytes, but its header declares "
                        + (declared < 0 ? "no full header" : declared + " bytes"));
            }
        }
        return true;
    }

    /** To the producer the frame names, on its connection; a full socket buffer is waited out with a second selector. */
    @Override
    public void send(Frame frame) throws IOException {
        Connection c = byProducer[frame.producer()];
        if (c == null) {
            throw new IOException("a reply to producer " + frame.producer() + ", who has sent nothing yet");
        }
        if (out == null || out.array() != frame.bytes()) {
            out = ByteBuffer.wrap(frame.bytes()); // the rig sends from one frame: wrapped once
        }
        out.clear().limit(frame.length());
        while (out.hasRemaining()) {
            if (c.channel.write(out) == 0) {
                SelectionKey key = c.selectable.keyFor(writable);
                key.interestOps(SelectionKey.OP_WRITE);
                writable.select();
                writable.selectedKeys().clear();
                key.interestOps(0);
            }
        }
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>(connections[0].peer);
        facts.put("connections", Integer.toString(connections.length));
        if (selects > 0) {
            facts.put("frames per select", String.format(java.util.Locale.ROOT, "%.1f", (double) frames / selects));
        }
        return facts;
    }

    @Override
    public void close() throws IOException {
        try {
            closeAll(connections, selector, writable);
        } finally {
            closing.run();
        }
    }
}
