package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test-only transport between threads: each frame is copied into a queue. With several
 * producers it does what a many-writer transport does: one queue that every producer writes, a
 * reply queue per producer, each reply routed by the producer its frame names.
 */
final class InMemoryChannel {

    private final BlockingQueue<byte[]> toConsumer = new LinkedBlockingQueue<>();
    private final List<BlockingQueue<byte[]>> toProducers = new ArrayList<>();

    InMemoryChannel() {
        this(1);
    }

    InMemoryChannel(int producers) {
        for (int i = 0; i < producers; i++) {
            toProducers.add(new LinkedBlockingQueue<>());
        }
    }

    Endpoint producer() {
        return producer(0);
    }

    Endpoint producer(int index) {
        return new End(List.of(toConsumer), toProducers.get(index));
    }

    Endpoint consumer() {
        return new End(toProducers, toConsumer);
    }

    /** Sends into {@code out}, or, of several, into the one of the producer the frame names; takes from {@code in}. */
    private record End(List<BlockingQueue<byte[]>> out, BlockingQueue<byte[]> in) implements Endpoint {
        @Override
        public void send(Frame frame) {
            out.get(out.size() == 1 ? 0 : frame.producer()).add(Arrays.copyOf(frame.bytes(), frame.length()));
        }

        @Override
        public void receive(Frame frame) throws IOException {
            try {
                byte[] bytes = in.poll(10, TimeUnit.SECONDS);
                if (bytes == null) {
                    throw new IOException("nothing arrived within 10 s");
                }
                System.arraycopy(bytes, 0, frame.bytes(), 0, bytes.length);
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }

        @Override
        public void close() { }
    }
}
