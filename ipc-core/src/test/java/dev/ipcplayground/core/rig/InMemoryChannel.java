package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test-only transport between two threads: each frame is copied into a queue. */
final class InMemoryChannel {

    private final BlockingQueue<byte[]> toConsumer = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> toProducer = new LinkedBlockingQueue<>();

    Endpoint producer() {
        return new End(toConsumer, toProducer);
    }

    Endpoint consumer() {
        return new End(toProducer, toConsumer);
    }

    private record End(BlockingQueue<byte[]> out, BlockingQueue<byte[]> in) implements Endpoint {
        @Override
        public void send(Frame frame) {
            out.add(Arrays.copyOf(frame.bytes(), frame.length()));
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
