package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import java.io.IOException;

/**
 * A test-only wrapper around the producer's end that damages one message on its way out: it
 * flips a byte, drops it, sends it twice, or holds it back and sends it after the next one.
 */
final class FaultyEndpoint implements Endpoint {

    enum Fault { FLIP_BYTE, DROP, DUPLICATE, SWAP_WITH_NEXT }

    private final Endpoint inner;
    private final Fault fault;
    private final long victim;
    private final int byteIndex;
    private Frame heldBack;

    FaultyEndpoint(Endpoint inner, Fault fault, long victim, int byteIndex) {
        this.inner = inner;
        this.fault = fault;
        this.victim = victim;
        this.byteIndex = byteIndex;
    }

    @Override
    public void send(Frame frame) throws IOException {
        if (frame.sequence() != victim) {
            inner.send(frame);
            if (heldBack != null) {
                inner.send(heldBack);
                heldBack = null;
            }
            return;
        }
        switch (fault) {
            case FLIP_BYTE -> {
                frame.bytes()[byteIndex] ^= 0x01;
                inner.send(frame);
            }
            case DROP -> { }
            case DUPLICATE -> {
                inner.send(frame);
                inner.send(frame);
            }
            case SWAP_WITH_NEXT -> {
                heldBack = new Frame(frame.payloadLength());
                System.arraycopy(frame.bytes(), 0, heldBack.bytes(), 0, frame.length());
            }
        }
    }

    @Override
    public void receive(Frame frame) throws IOException {
        inner.receive(frame);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
