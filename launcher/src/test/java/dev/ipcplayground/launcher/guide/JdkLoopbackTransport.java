package dev.ipcplayground.launcher.guide;

import dev.ipcplayground.core.ByteStreamEndpoint;
import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.InterProcessTransport;
import dev.ipcplayground.core.OpenOnFirstUse;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.TransportOption;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.List;

/**
 * The transport of the README's "Adding a transport" guide, which exists only in test code:
 * TCP on loopback through the JDK's own blocking {@link SocketChannel}, with one setting of its
 * own. {@code AddingATransportIT} puts it on the launcher's class path with its
 * {@code META-INF/services} file and runs it end to end, touching nothing outside these files.
 */
public final class JdkLoopbackTransport implements InterProcessTransport {

    /** A setting, declared here and nowhere else: the launcher makes {@code --nagle} from it. */
    static final TransportOption NAGLE = TransportOption.choice("nagle",
            "whether the kernel may hold small writes back to merge them (on), or sends each at once (off)", "off", "off", "on");
    static final String PORT_FILE = "jdk-loopback.port";

    @Override
    public String name() {
        return "jdk-loopback";
    }

    @Override
    public String description() {
        return "TCP on loopback through the JDK's blocking SocketChannel (the README's guide to adding a transport)";
    }

    @Override
    public List<TransportOption> options() {
        return List.of(NAGLE);
    }

    @Override
    public long maxPayload(RunSpec spec) {
        return Frame.MAX_PAYLOAD; // a byte stream: any length
    }

    /* The consumer listens on a port the kernel picks, says which in the run directory, and accepts at the first message. */
    @Override
    public Endpoint openConsumer(RunContext run) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        run.writeAtomically(PORT_FILE, Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort()).getBytes());
        return new OpenOnFirstUse(server, () -> frames(server.accept(), run, "the producer"));
    }

    /* The producer reads the port and connects. */
    @Override
    public Endpoint openProducer(RunContext run, int producer) throws IOException {
        int port = Integer.parseInt(Files.readString(run.file(PORT_FILE)).trim());
        return frames(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)), run, "the consumer");
    }

    private static Endpoint frames(SocketChannel channel, RunContext run, String peer) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, NAGLE.valueIn(run.spec()).equals("off"));
        return new ByteStreamEndpoint(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024),
                Channels.newOutputStream(channel), peer);
    }
}
