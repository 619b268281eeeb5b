package dev.ipcplayground.inproc;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.rig.ConsumerRig;
import dev.ipcplayground.core.rig.SideResult;
import java.io.IOException;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The consumer as a generator: its rig runs inside a {@link Continuation}, and every time it
 * waits for a message it yields to the producer instead of blocking.
 *
 * <pre>
 *   Python (the study note)          here
 *   r = c.send(n)                    producerEnd().send(frame): store it, consumer.run()
 *   n = yield r                      consumerEnd().receive(frame): Continuation.yield(SCOPE)
 * </pre>
 *
 * Kept apart from {@link CoroutineTransport} because it uses the JDK's internal
 * {@code jdk.internal.vm}, which only the child JVM is allowed to open.
 */
final class Generator {

    private static final ContinuationScope SCOPE = new ContinuationScope("consumer");

    private final byte[] request, reply;
    private int requestLength = -1, replyLength = -1;
    private final Continuation consumer;
    private SideResult result;
    private Exception failure;

    Generator(RunContext run) {
        int frameBytes = Frame.largestFrame(run.spec().payloadSize());
        request = new byte[frameBytes];
        reply = new byte[frameBytes];
        consumer = new Continuation(SCOPE, () -> {
            try {
                result = new ConsumerRig(run, consumerEnd()).run();
            } catch (Exception e) {
                failure = e;
            }
        });
    }

    /** The consumer's result, once the producer has sent the end marker and it has finished. */
    SideResult result() throws Exception {
        if (failure != null) {
            throw failure;
        }
        if (result == null) {
            throw new IOException("the consumer did not finish after the end marker");
        }
        return result;
    }

    Endpoint producerEnd() {
        return new Endpoint() {
            /** c.send(n): hand the message over and run the consumer until it yields. */
            @Override
            public void send(Frame frame) {
                System.arraycopy(frame.bytes(), 0, request, 0, frame.length());
                requestLength = frame.length();
                consumer.run();
            }

            /** The consumer's answer is already here: it ran before control came back. */
            @Override
            public void receive(Frame frame) throws IOException {
                if (replyLength < 0) {
                    throw new IOException("the consumer yielded without a reply" + (failure == null ? "" : ": " + failure.getMessage()));
                }
                System.arraycopy(reply, 0, frame.bytes(), 0, replyLength);
                replyLength = -1;
            }

            @Override
            public void close() { }
        };
    }

    private Endpoint consumerEnd() {
        return new Endpoint() {
            /** n = yield r: give control back until the producer sends the next message. */
            @Override
            public void receive(Frame frame) {
                while (requestLength < 0) {
                    Continuation.yield(SCOPE);
                }
                System.arraycopy(request, 0, frame.bytes(), 0, requestLength);
                requestLength = -1;
            }

            @Override
            public void send(Frame frame) {
                System.arraycopy(frame.bytes(), 0, reply, 0, frame.length());
                replyLength = frame.length();
            }

            @Override
            public void close() { }
        };
    }
}
