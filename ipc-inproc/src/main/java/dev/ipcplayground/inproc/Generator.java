package dev.ipcplayground.inproc;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.rig.ConsumerRig;
import dev.ipcplayground.core.rig.SideResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>With several producers ({@code --producers N}) each producer is a coroutine too, and
 * {@link #runProducers} takes them in turns on the one thread: a producer resumes the consumer
 * with its message, then yields its turn to the next producer; a producer waiting for a reply that
 * has not come (the consumer answers every producer's MEASURE only once all have asked) yields
 * until it has. The consumer answers into a reply slot per producer.
 */
final class Generator {

    private static final ContinuationScope SCOPE = new ContinuationScope("consumer");
    private static final ContinuationScope PRODUCERS = new ContinuationScope("producers");

    private final byte[] request;
    private final byte[][] replies;
    private final int[] replyLengths;
    private int requestLength = -1;
    private final boolean turns;
    private final Continuation consumer;
    private SideResult result;
    private Exception failure;

    Generator(RunContext run) {
        int frameBytes = Frame.largestFrame(run.spec().payloadSize());
        int n = run.spec().producers();
        request = new byte[frameBytes];
        replies = new byte[n][Frame.LARGEST_REPLY_FRAME];
        replyLengths = new int[n];
        java.util.Arrays.fill(replyLengths, -1);
        turns = n > 1;
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

    /**
     * Runs every producer's {@code rig} (given its end and its index) as a coroutine of its own,
     * in turns on this thread, until all have finished; the first to fail ends them all.
     */
    List<SideResult> runProducers(int n, ProducerTask rig) throws Exception {
        SideResult[] results = new SideResult[n];
        Exception[] failed = new Exception[1];
        List<Continuation> producers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            producers.add(new Continuation(PRODUCERS, () -> {
                try {
                    results[index] = rig.run(producerEnd(index), index);
                } catch (Exception e) {
                    failed[0] = e;
                }
            }));
        }
        for (boolean running = true; running && failed[0] == null; ) {
            running = false;
            for (Continuation producer : producers) {
                if (!producer.isDone() && failed[0] == null) {
                    producer.run(); // until it yields its turn, or ends
                    running = true;
                }
            }
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return List.of(results);
    }

    /** A producer's rig, run in its coroutine. */
    interface ProducerTask {
        SideResult run(Endpoint end, int index) throws Exception;
    }

    Endpoint producerEnd(int index) {
        return new Endpoint() {
            /** c.send(n): hand the message over and run the consumer until it yields; then, of several, the next producer's turn. */
            @Override
            public void send(Frame frame) {
                System.arraycopy(frame.bytes(), 0, request, 0, frame.length());
                requestLength = frame.length();
                consumer.run();
                if (turns) {
                    Continuation.yield(PRODUCERS);
                }
            }

            /** The consumer's answer is here once it has answered: at once, but for the barrier of several. */
            @Override
            public void receive(Frame frame) throws IOException {
                while (turns && replyLengths[index] < 0 && failure == null && !consumer.isDone()) {
                    Continuation.yield(PRODUCERS);
                }
                if (replyLengths[index] < 0) {
                    throw new IOException("the consumer yielded without a reply" + (failure == null ? "" : ": " + failure.getMessage()));
                }
                System.arraycopy(replies[index], 0, frame.bytes(), 0, replyLengths[index]);
                replyLengths[index] = -1;
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

            /** Into the reply slot of the producer the frame names: it takes it on its next turn. */
            @Override
            public void send(Frame frame) throws IOException {
                int to = frame.producer();
                if (replyLengths[to] >= 0) {
                    throw new IOException("producer " + to + " has not taken its last reply yet");
                }
                System.arraycopy(frame.bytes(), 0, replies[to], 0, frame.length());
                replyLengths[to] = frame.length();
            }

            @Override
            public void close() { }
        };
    }
}
