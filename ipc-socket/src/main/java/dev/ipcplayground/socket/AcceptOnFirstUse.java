package dev.ipcplayground.socket;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;

/**
 * The consumer's end before and after the producer connects. The consumer must report ready
 * before the launcher starts the producer, so it cannot wait in {@code accept} while opening; it
 * listens, reports ready, and accepts when the rig first asks for a message. The listening
 * socket is closed as soon as the one connection is made: nobody else can connect after it.
 */
final class AcceptOnFirstUse implements Endpoint {

    /** Accepts the producer's connection and opens the endpoint over it. */
    interface Acceptor {
        Endpoint accept() throws IOException;
    }

    private final Closeable listener;
    private final Acceptor acceptor;
    private Endpoint connected;

    AcceptOnFirstUse(Closeable listener, Acceptor acceptor) {
        this.listener = listener;
        this.acceptor = acceptor;
    }

    private Endpoint connected() throws IOException {
        if (connected == null) {
            try (listener) {
                connected = acceptor.accept();
            } catch (SocketTimeoutException e) {
                throw new IOException("the producer did not connect within the run's --timeout", e);
            }
        }
        return connected;
    }

    @Override
    public void send(Frame frame) throws IOException {
        connected().send(frame);
    }

    @Override
    public void receive(Frame frame) throws IOException {
        connected().receive(frame);
    }

    @Override
    public Map<String, String> facts() {
        return connected == null ? Map.of() : connected.facts();
    }

    @Override
    public void close() throws IOException {
        try (listener) {
            if (connected != null) {
                connected.close();
            }
        }
    }
}
