package dev.ipcplayground.inproc;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.InProcessTransport.Results;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.child.ChildMain;
import dev.ipcplayground.core.rig.ConsumerRig;
import dev.ipcplayground.core.rig.ProducerRig;
import dev.ipcplayground.core.rig.SideResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Executors;

/**
 * Producer and consumer as two threads of one JVM, joined by two {@link LockedBuffer}s (requests
 * and replies). The same code serves platform threads and virtual threads: only the thread
 * factory differs, which is the point.
 *
 * <p>Pinned, each side pins the kernel thread it runs on, as two processes would: a platform
 * thread itself, a virtual thread its carrier (there is one, so both sides pin it to CPU 0; the
 * launcher refuses {@code --pin apart} for them).
 *
 * <p>With several producers ({@code --producers N}) there are N producer threads: all put into the
 * one requests buffer, whose lock takes them one at a time, and each takes its replies from a
 * buffer of its own, into which the consumer puts the replies that name it.
 */
final class ThreadPair {

    /** Slots per direction, at most: a stream of small messages has room to run ahead. */
    static final int SLOTS = 256;
    /**
     * The requests' slots hold at most this many bytes in all (fewer slots for larger messages), so
     * that both directions fit the child's heap, which grows by only 4 MiB per MiB of payload
     * ({@code ChildCommand}): 256 slots of 1 MiB would not.
     */
    static final long SLOT_BYTES = 16L << 20;

    private ThreadPair() {}

    /** The requests' slots for frames of {@code frameBytes}: 256, or fewer (at least 2) for large frames. */
    static int requestSlots(int frameBytes) {
        return (int) Math.max(2, Math.min(SLOTS, SLOT_BYTES / frameBytes));
    }

    static Results run(RunContext run, ThreadFactory threads) throws Exception {
        int frameBytes = Frame.largestFrame(run.spec().payloadSize());
        int n = run.spec().producers();
        LockedBuffer requests = new LockedBuffer(requestSlots(frameBytes), frameBytes, n);
        LockedBuffer[] replies = new LockedBuffer[n];
        for (int i = 0; i < n; i++) {
            replies[i] = new LockedBuffer(SLOTS, Frame.LARGEST_REPLY_FRAME, 1); // a reply or a control answer, never a message
        }
        ChildMain.startWithAnEmptyHeap();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(threads)) {
            Future<SideResult> consumer = pool.submit(() -> {
                run.spec().pin().pinMessagingThread(Role.CONSUMER);
                return new ConsumerRig(run, new End(requests, replies)).run();
            });
            List<Future<SideResult>> producers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                producers.add(pool.submit(() -> {
                    run.spec().pin().pinMessagingThread(Role.PRODUCER);
                    return new ProducerRig(run, new End(replies[index], requests), index).run();
                }));
            }
            return new Results(allOrNone(producers, consumer), consumer.get());
        }
    }

    /** If one side fails, the others would wait forever: interrupt them, and report the failure. */
    private static List<SideResult> allOrNone(List<Future<SideResult>> producers, Future<SideResult> consumer) throws Exception {
        List<SideResult> results = new ArrayList<>();
        for (Future<SideResult> producer : producers) {
            try {
                results.add(producer.get());
            } catch (ExecutionException e) {
                consumer.cancel(true);
                producers.forEach(p -> p.cancel(true));
                throw (Exception) e.getCause();
            }
        }
        return results;
    }

    /**
     * One side's end: it takes from one buffer and puts into another: a producer's into the
     * requests, the consumer's into the replies of the producer the frame names.
     */
    private record End(LockedBuffer in, LockedBuffer... out) implements Endpoint {
        @Override
        public void send(Frame frame) throws IOException {
            out[out.length == 1 ? 0 : frame.producer()].put(frame);
        }

        @Override
        public void receive(Frame frame) throws IOException {
            in.take(frame);
        }

        @Override
        public void close() { }
    }
}
