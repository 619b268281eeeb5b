package dev.ipcplayground.core;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A way for a producer and a consumer to exchange messages: what every transport module
 * provides, found by the launcher with {@link java.util.ServiceLoader} (adding a transport is
 * adding a module with a {@code META-INF/services/dev.ipcplayground.core.Transport} file).
 *
 * <p>A transport is one of two kinds, and implements the interface that says which:
 * <ul>
 *   <li>{@link InterProcessTransport}: the two sides are two processes, each opening its own end
 *       (pipe, FIFO, queues, shared memory, sockets); one that can also serve producers on other
 *       hosts is a {@link ServingTransport};</li>
 *   <li>{@link InProcessTransport}: both sides in one JVM (threads, virtual threads, a coroutine),
 *       for comparison.</li>
 * </ul>
 *
 * <p>What every kind shares, and which process calls it: the launcher {@link #check}s the
 * settings (bad ones are refused before anything starts), {@link #prepare}s what the sides will
 * open (files, FIFOs, semaphores ... in the run directory or named after the run), and, always
 * last, {@link #cleanup}s, also after a failure or a kill.
 *
 * @implSpec Implementations are stateless and have a public no-argument constructor; everything a
 * run needs is in its {@link RunContext}. Errors in {@link #check} are {@link IllegalArgumentException}s
 * whose message names the option and its valid range.
 */
public interface Transport {

    /** The name users type after {@code --transport}, e.g. {@code shm}. */
    String name();

    /** One line for {@code launcher list}. */
    String description();

    /** The settings this transport reads ({@code --wait}, {@code --ring-size} ...); others are refused. */
    default List<TransportOption> options() {
        return List.of();
    }

    /**
     * The settings under which a comparison ({@code --transport all}) runs this transport again,
     * beside its defaults: the other implementations or designs a reader would weigh it against
     * (the JDK's own sockets beside a library's, the textbook ring beside the fast one). A
     * setting the user gave is never overridden: a variant that would change it is left out.
     */
    default List<Map<String, String>> comparedWith() {
        return List.of();
    }

    /**
     * Validates the spec and returns it with this transport's settings checked and its defaults
     * filled in, so the report shows every setting the run used. A transport whose settings
     * depend on each other adds its own checks.
     *
     * @throws IllegalArgumentException naming the option and its limit
     */
    default RunSpec check(RunSpec spec) {
        RunSpec checked = TransportOption.applyAll(options(), spec);
        long max = maxPayload(checked);
        if (checked.payloadSize() > max) {
            throw new IllegalArgumentException("--size " + checked.payloadSize() + " is larger than " + name()
                    + " can carry: its limit is " + max + " bytes" + limitReason(checked));
        }
        if (checked.fanIn()) {
            ManyProducers many = manyProducers(checked);
            if (!many.allowed()) {
                throw new IllegalArgumentException(many.refusal(name(), checked.producers()));
            }
        }
        return checked;
    }

    /**
     * How this transport's consumer meets {@code spec.producers()} producers, or why it cannot with
     * the spec's settings (then {@link #check} refuses the run, with the reason, exit 2). The
     * consumer's {@link Endpoint} receives from all of them and sends each frame to the producer
     * it names ({@link Frame#producer()}); each producer's endpoint is its own
     * ({@link InterProcessTransport#openProducer}).
     */
    default ManyProducers manyProducers(RunSpec spec) {
        return ManyProducers.refused("its consumer serves a single producer");
    }

    /** The largest payload this transport carries with the spec's settings. */
    long maxPayload(RunSpec spec);

    /** Why the limit is what it is, appended to the error, e.g. " (the ring size, --ring-size)". */
    default String limitReason(RunSpec spec) {
        return "";
    }

    /** JVM options each child needs for this transport (its library's add-opens, for example). */
    default List<String> childJvmOptions() {
        return List.of();
    }

    /** Who starts which process, for this run. */
    Topology topology(RunSpec spec);

    /** Launcher side, before any child starts: makes what both sides will open. */
    default void prepare(RunContext run) throws IOException { }

    /**
     * Launcher side, always last: removes what {@link #prepare} made outside the run directory
     * (the launcher deletes the directory itself). Must not throw and must tolerate objects that
     * were never made.
     */
    default void cleanup(RunContext run) { }

    /**
     * The objects outside the run directory that {@link #cleanup} would remove and that exist now,
     * each as a person would name it ({@code POSIX queue /ipcpg-4242-1a2b-req}): what
     * {@code launcher clean} lists for a stale run. Must not throw.
     */
    default List<String> objectsOutside(RunContext run) {
        return List.of();
    }
}
