package dev.ipcplayground.core;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;

/**
 * An end whose connection is made when the rig first sends or receives, not when it is opened.
 *
 * <p>The consumer must report ready before the launcher starts the producer, so it cannot wait
 * for the producer while opening: it makes its rendezvous (listens on a socket, has its FIFOs),
 * reports ready, and meets the producer at the first message. What it waited on
 * ({@code rendezvous}: a listening socket) is closed as soon as the connection is made, so that
 * nobody else can connect after it. Sockets and FIFOs share this one step.
 */
public final class OpenOnFirstUse implements Endpoint {

    /** Meets the peer (accepts its connection, opens the FIFOs) and returns the end over it. */
    public interface Opener {
        Endpoint open() throws IOException;
    }

    private final Closeable rendezvous;
    private final Opener opener;
    private Endpoint opened;

    /**
     * @param rendezvous what to close once the peer is met (a listening socket), or {@code null}
     * @param opener     meets the peer, within the run's timeout
     */
    public OpenOnFirstUse(Closeable rendezvous, Opener opener) {
        this.rendezvous = rendezvous == null ? () -> { } : rendezvous;
        this.opener = opener;
    }

    private Endpoint opened() throws IOException {
        if (opened == null) {
            try (rendezvous) {
                opened = opener.open();
            } catch (SocketTimeoutException e) {
                throw new IOException("the producer did not connect within the run's --timeout", e);
            }
        }
        return opened;
    }

    @Override
    public void send(Frame frame) throws IOException {
        opened().send(frame);
    }

    @Override
    public void receive(Frame frame) throws IOException {
        opened().receive(frame);
    }

    @Override
    public Map<String, String> facts() {
        return opened == null ? Map.of() : opened.facts();
    }

    @Override
    public void close() throws IOException {
        try (rendezvous) {
            if (opened != null) {
                opened.close();
            }
        }
    }
}
