package dev.ipcplayground.mq;

import dev.ipcplayground.core.PeerProcess;
import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.os.NativeException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One POSIX message queue ({@code mq_overview(7)}), through FFM: a queue of whole messages kept
 * by the kernel, named {@code /NAME}, with a fixed depth and a fixed largest message.
 *
 * <p>Used by one thread; its native buffer, deadline and priority cells are allocated once.
 */
final class PosixQueue implements AutoCloseable {

    /** What a watchdog sends to wake a receiver whose peer died: shorter than any frame. */
    private static final byte[] WAKE_UP = {0};

    private final String name;
    private final int mq;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final MemorySegment priority = arena.allocate(ValueLayout.JAVA_INT);

    private PosixQueue(String name, int mq, long messageBytes) {
        this.name = name;
        this.mq = mq;
        this.buffer = arena.allocate(messageBytes, 8);
    }

    /** Creates the queue exclusively, private to this user, with explicit depth and message size. */
    static void create(String name, long depth, long messageBytes) throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment attributes = call.allocate(QueueCalls.MQ_ATTR);
            QueueCalls.MAXMSG.set(attributes, 0L, depth);
            QueueCalls.MSGSIZE.set(attributes, 0L, messageBytes);
            int mq = QueueCalls.mqOpen(call.allocateFrom("/" + name), Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR, 0600, attributes);
            if (mq < 0) {
                throw new NativeException("mq_open", "/" + name + ", depth " + depth + ", " + messageBytes + "-byte messages",
                        Libc.errno());
            }
            QueueCalls.mqClose(mq);
        }
    }

    /** Opens an existing queue for sending or receiving messages of up to {@code messageBytes}. */
    static PosixQueue open(String name, long messageBytes) throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            int mq = QueueCalls.mqOpen(call.allocateFrom("/" + name), Libc.O_RDWR, 0, MemorySegment.NULL);
            if (mq < 0) {
                throw new NativeException("mq_open", "/" + name, Libc.errno());
            }
            return new PosixQueue(name, mq, messageBytes);
        }
    }

    /** Whether queue {@code /name} exists (whoever owns it): {@code mq_open} for reading finds it or says ENOENT. */
    static boolean exists(String name) {
        try (Arena call = Arena.ofConfined()) {
            int mq = QueueCalls.mqOpen(call.allocateFrom("/" + name), Libc.O_RDONLY, 0, MemorySegment.NULL);
            if (mq >= 0) {
                QueueCalls.mqClose(mq);
                return true;
            }
            return Libc.errno() != Libc.ENOENT;
        }
    }

    static boolean unlink(String name) throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            if (QueueCalls.mqUnlink(call.allocateFrom("/" + name)) == 0) {
                return true;
            }
            if (Libc.errno() == Libc.ENOENT) {
                return false;
            }
            throw new NativeException("mq_unlink", "/" + name, Libc.errno());
        }
    }

    /**
     * Sends {@code src[0, length)} as one message: {@code mq_timedsend} copies it into the kernel,
     * sleeping while the queue is full. The sleep has no deadline either (no clock to read, no
     * kernel timer to arm per message); if the peer dies, its watchdog takes one message out of
     * this queue ({@link #makeRoom}), which ends the wait, and the volatile look at the watchdog's
     * verdict after every send says why.
     */
    void send(byte[] src, int length, PeerProcess peer) throws IOException {
        MemorySegment.copy(src, 0, buffer, ValueLayout.JAVA_BYTE, 0, length);
        while (QueueCalls.mqTimedsend(mq, buffer, length, 0, MemorySegment.NULL) != 0) {
            int errno = Libc.errno();
            if (errno != Libc.EINTR) {
                throw new NativeException("mq_timedsend", "/" + name, errno);
            }
        }
        if (peer.gone()) {
            peer.checkAlive("room in queue /" + name);
        }
    }

    /**
     * Receives the oldest message into {@code dst}, sleeping while the queue is empty; returns its
     * length. The sleep has no deadline (a NULL timeout: no kernel timer to arm); if the peer
     * dies, its watchdog sends a {@link #WAKE_UP} message into this queue, which ends the wait.
     */
    int receive(byte[] dst, PeerProcess peer) throws IOException {
        long length;
        while ((length = QueueCalls.mqTimedreceive(mq, buffer, buffer.byteSize(), priority, MemorySegment.NULL)) < 0) {
            int errno = Libc.errno();
            if (errno != Libc.EINTR) {
                throw new NativeException("mq_timedreceive", "/" + name, errno);
            }
        }
        if (length == WAKE_UP.length && peer.gone()) {
            peer.checkAlive("a message in queue /" + name);
        }
        if (length > dst.length) {
            throw new IOException("queue /" + name + " delivered a " + length + "-byte message; this run's frames hold "
                    + dst.length);
        }
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, dst, 0, (int) length);
        return (int) length;
    }

    /** Wakes this process's own receiver (called by the peer watchdog when the peer died). */
    void wakeUp() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment one = call.allocate(1);
            MemorySegment soon = call.allocate(Libc.TIMESPEC);
            Libc.clockGettime(Libc.CLOCK_REALTIME, soon);
            soon.set(ValueLayout.JAVA_LONG, 0, soon.get(ValueLayout.JAVA_LONG, 0) + 1);
            QueueCalls.mqTimedsend(mq, one, WAKE_UP.length, 0, soon); // if the queue is full, the receiver is not asleep
        }
    }

    /**
     * Wakes this process's own sender, asleep on a full queue whose reader died (called by the peer
     * watchdog): takes out one message, if there is one, without waiting for it.
     */
    void makeRoom() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment message = call.allocate(buffer.byteSize());
            MemorySegment now = call.allocate(Libc.TIMESPEC);
            Libc.clockGettime(Libc.CLOCK_REALTIME, now); // a deadline already passed: never sleeps
            QueueCalls.mqTimedreceive(mq, message, message.byteSize(), MemorySegment.NULL, now);
        }
    }

    @Override
    public void close() {
        QueueCalls.mqClose(mq);
        arena.close();
    }
}
