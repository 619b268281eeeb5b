package dev.ipcplayground.core;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * An inter-process transport: the one thing each transport module provides. The launcher finds
 * implementations with {@link java.util.ServiceLoader}, so adding a transport is adding a module
 * with a {@code META-INF/services/dev.ipcplayground.core.Transport} file.
 *
 * <p>The life of a run, and which process calls what:
 * <ol>
 *   <li>launcher: {@link #check} (bad settings are refused before anything starts), then
 *       {@link #prepare} (make the rendezvous: files, FIFOs, semaphores ... in the run directory
 *       or named after the run);</li>
 *   <li>consumer JVM: {@link #openConsumer}; once it returns, the consumer is ready;</li>
 *   <li>producer JVM: {@link #openProducer};</li>
 *   <li>both: the rig sends and receives frames through the {@link Endpoint}s, then closes them;</li>
 *   <li>launcher: {@link #cleanup}, always, also after a failure or a kill.</li>
 * </ol>
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

    /** Names of the run settings this transport reads (e.g. {@code wait}); others are refused. */
    default Set<String> settings() {
        return Set.of();
    }

    /**
     * Validates the spec and returns it with this transport's defaults filled in, so the report
     * shows every setting the run used.
     *
     * @throws IllegalArgumentException naming the option and its limit
     */
    default RunSpec check(RunSpec spec) {
        long max = maxPayload(spec);
        if (spec.payloadSize() > max) {
            throw new IllegalArgumentException("--size " + spec.payloadSize() + " is larger than " + name()
                    + " can carry: its limit is " + max + " bytes" + limitReason(spec));
        }
        return spec;
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
    default Topology topology(RunSpec spec) {
        return Topology.LAUNCHER_STARTS_BOTH;
    }

    /** Launcher side, before any child starts: makes what both sides will open. */
    default void prepare(RunContext run) throws IOException { }

    /** In the consumer JVM: opens the consumer's end. When it returns the consumer is ready. */
    Endpoint openConsumer(RunContext run) throws IOException;

    /** In the producer JVM: opens the producer's end. */
    Endpoint openProducer(RunContext run) throws IOException;

    /**
     * Serves producers on other hosts ({@code launcher serve}): listens at {@code address}, and for
     * each producer that connects runs the consumer's side of the run it describes, then sends it
     * the result. Only a transport that crosses machines has it.
     *
     * @param settings this transport's settings for the listening side (e.g. {@code io})
     * @param runs     how many runs to serve before returning; 0 for no limit
     * @param log      one line per run served
     */
    default void serve(String address, java.util.Map<String, String> settings, long runs, java.io.PrintStream log)
            throws Exception {
        throw new UnsupportedOperationException(name() + " cannot reach another host: only tcp can serve");
    }

    /**
     * In each child JVM: runs that side's whole life (open, the rig's loop, close) on the calling
     * thread. A transport whose library keeps per-thread state wraps it, e.g. so that Netty's
     * object pools serve this thread (tcp).
     */
    default <T> T onSideThread(Callable<T> side) throws Exception {
        return side.call();
    }

    /**
     * Launcher side, always last: removes what {@link #prepare} made outside the run directory
     * (the launcher deletes the directory itself). Must not throw and must tolerate objects that
     * were never made.
     */
    default void cleanup(RunContext run) { }
}
