package dev.ipcplayground.core;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A transport between two processes: each side's JVM opens its own end.
 *
 * <p>The life of a run, and which process calls what:
 * <ol>
 *   <li>launcher: {@link #check}, then {@link #prepare};</li>
 *   <li>consumer JVM: {@link #openConsumer}; once it returns, the consumer is ready;</li>
 *   <li>each producer JVM ({@code --producers N}: N of them): {@link #openProducer};</li>
 *   <li>both: the rig sends and receives frames through the {@link Endpoint}s, then closes them;</li>
 *   <li>launcher: {@link #cleanup}, always, also after a failure or a kill.</li>
 * </ol>
 */
public interface InterProcessTransport extends Transport {

    /** The launcher starts the consumer, then the producer; a transport that differs says so. */
    @Override
    default Topology topology(RunSpec spec) {
        return Topology.LAUNCHER_STARTS_BOTH;
    }

    /**
     * In the consumer JVM: opens the consumer's end. When it returns the consumer is ready. With
     * several producers ({@link RunSpec#fanIn()}) the end receives from all of them and sends each
     * frame to the producer it names ({@link Frame#producer()}).
     */
    Endpoint openConsumer(RunContext run) throws IOException;

    /** In producer {@code producer}'s JVM (0 to N - 1; 0 when there is one): opens its end. */
    Endpoint openProducer(RunContext run, int producer) throws IOException;

    /**
     * In each child JVM: runs that side's whole life (open, the rig's loop, close) on the calling
     * thread. A transport whose library keeps per-thread state wraps it, e.g. so that Netty's
     * object pools serve this thread (tcp).
     */
    default <T> T onSideThread(Callable<T> side) throws Exception {
        return side.call();
    }
}
