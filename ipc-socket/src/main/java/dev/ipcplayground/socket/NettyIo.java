package dev.ipcplayground.socket;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Arrays;
import dev.ipcplayground.core.TransportOption;
import java.util.function.Supplier;

/**
 * How Netty's event loop asks the kernel which sockets are ready (--io):
 * <ul>
 *   <li>{@code nio}: the JDK's selector (epoll underneath, through the JDK's own layer);</li>
 *   <li>{@code epoll}: Netty's own JNI binding of {@code epoll_wait}, edge-triggered, fewer
 *       system calls and no JDK selector garbage;</li>
 *   <li>{@code io_uring}: submission and completion rings shared with the kernel; reads and
 *       writes are queued rather than called.</li>
 * </ul>
 */
enum NettyIo {

    NIO(NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class, () -> null),
    EPOLL(EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class, Epoll::unavailabilityCause),
    IO_URING(IoUringIoHandler::newFactory, IoUringServerSocketChannel.class, IoUringSocketChannel.class, IoUring::unavailabilityCause);

    /**
     * The default where it loads: on loopback ping-pong here epoll had the lowest round trip of
     * the three (README, "tcp"); io_uring shines with many sockets, not with one.
     */
    static final NettyIo PREFERRED = EPOLL;

    final Supplier<IoHandlerFactory> handler;
    final Class<? extends ServerChannel> serverChannel;
    final Class<? extends SocketChannel> channel;
    private final Supplier<Throwable> unavailability;

    NettyIo(Supplier<IoHandlerFactory> handler, Class<? extends ServerChannel> serverChannel,
            Class<? extends SocketChannel> channel, Supplier<Throwable> unavailability) {
        this.handler = handler;
        this.serverChannel = serverChannel;
        this.channel = channel;
        this.unavailability = unavailability;
    }

    String key() {
        return TransportOption.key(this);
    }

    /** Why this machine cannot use it, or {@code null} when it can. */
    Throwable unavailable() {
        return unavailability.get();
    }

    static NettyIo byDefault() {
        return PREFERRED.unavailable() == null ? PREFERRED : NIO;
    }

    static NettyIo of(String key) {
        for (NettyIo io : values()) {
            if (io.key().equals(key)) {
                if (io.unavailable() != null) {
                    throw new IllegalArgumentException("--io " + key + " is not available on this machine: " + io.unavailable().getMessage());
                }
                return io;
            }
        }
        throw new IllegalArgumentException("--io must be one of " + Arrays.stream(values()).map(NettyIo::key).toList() + ", got '" + key + "'");
    }
}
