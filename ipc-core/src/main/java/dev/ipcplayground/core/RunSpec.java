package dev.ipcplayground.core;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run does, as the user asked for it and as every process of the run reads it.
 *
 * @param transport   the transport's name, e.g. {@code shm}
 * @param mode        ping-pong round trips or a one-way stream
 * @param payloadSize payload bytes per message (the header comes on top)
 * @param count       measured messages
 * @param warmup      messages sent before measuring starts, not recorded; {@link #AUTO_WARMUP} to
 *                    warm up until the JIT is quiet on both sides (see {@link dev.ipcplayground.core.rig.Warmup})
 * @param timeout     how long the run may go without a message moving (or its consumer may take to be ready)
 *                    before it is stopped as hung
 * @param duration    a soak: send for this long after the warm-up instead of {@code count}
 *                    messages; {@link Duration#ZERO} for a run by count
 * @param pin         where the two sides may run
 * @param settings    transport-specific settings by option name without dashes, e.g.
 *                    {@code wait=spin}; only those the user set or the transport defaulted
 * @param rate        messages per second in {@link Mode#RATE}, warm-up included; 0 in the other modes
 * @param sampleAllocations whether each side samples its measured phase's heap allocations with JFR
 *                    ({@code --allocations}; {@link dev.ipcplayground.core.rig.AllocationSampler})
 * @param producers   how many producer processes send to the one consumer ({@code --producers}), at least 1.
 *                    {@code count} and {@code rate} are the run's totals, shared evenly ({@link #countOf},
 *                    {@link #ratePerProducer}); a fixed {@code warmup} is each producer's, since each warms its own JVM
 * @param work        the busy work the consumer does for each message ({@code --work}), {@link Duration#ZERO} for none
 */
public record RunSpec(String transport, Mode mode, int payloadSize, long count, long warmup,
                      Duration timeout, Duration duration, Pin pin, Map<String, String> settings, long rate,
                      boolean sampleAllocations, int producers, Duration work) {

    /**
     * The most producers a run may have: each is a JVM of its own (about 40 MB resident), and
     * beyond this many on a small machine a run measures the scheduler's queue, not the transport.
     */
    public static final int MAX_PRODUCERS = 64;

    /** {@code --warmup auto}: as long as the JIT compiles, within the bounds of {@link dev.ipcplayground.core.rig.Warmup}. */
    public static final long AUTO_WARMUP = Long.MIN_VALUE;

    public RunSpec {
        settings = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(settings)); // sorted: stable output
        if (producers == 0) {
            producers = 1; // a run file or a HELLO written before there could be several
        }
        if (producers < 1) {
            throw new IllegalArgumentException("a run has at least one producer, got " + producers);
        }
        work = work == null ? Duration.ZERO : work;
    }

    /** A spec with one producer and a consumer that does no work of its own. */
    public RunSpec(String transport, Mode mode, int payloadSize, long count, long warmup,
                   Duration timeout, Duration duration, Pin pin, Map<String, String> settings, long rate,
                   boolean sampleAllocations) {
        this(transport, mode, payloadSize, count, warmup, timeout, duration, pin, settings, rate, sampleAllocations, 1, Duration.ZERO);
    }

    /** A spec that samples no allocations. */
    public RunSpec(String transport, Mode mode, int payloadSize, long count, long warmup,
                   Duration timeout, Duration duration, Pin pin, Map<String, String> settings, long rate) {
        this(transport, mode, payloadSize, count, warmup, timeout, duration, pin, settings, rate, false);
    }

    /** A spec for a mode without a rate. */
    public RunSpec(String transport, Mode mode, int payloadSize, long count, long warmup,
                   Duration timeout, Duration duration, Pin pin, Map<String, String> settings) {
        this(transport, mode, payloadSize, count, warmup, timeout, duration, pin, settings, 0);
    }

    /** True for a soak: the producer sends for {@link #duration()}, not for {@link #count()} messages. */
    public boolean soak() {
        return !duration.isZero();
    }

    /** More than one producer: the consumer meets them the way its transport says ({@link Transport#manyProducers}). */
    public boolean fanIn() {
        return producers > 1;
    }

    /** The measured messages producer {@code index} sends: an even share of {@code count}, the first ones one more. */
    public long countOf(int index) {
        return count / producers + (index < count % producers ? 1 : 0);
    }

    /** The messages per second each producer sends in {@link Mode#RATE}: an even share of {@code rate}. */
    public double ratePerProducer() {
        return (double) rate / producers;
    }

    /** This spec with {@code n} producers. */
    public RunSpec withProducers(int n) {
        return new RunSpec(transport, mode, payloadSize, count, warmup, timeout, duration, pin, settings, rate, sampleAllocations, n, work);
    }

    /** A setting's value, or {@code fallback} when it was not given. */
    public String setting(String name, String fallback) {
        return settings.getOrDefault(name, fallback);
    }

    /** This spec with these settings instead of its own. */
    public RunSpec withSettings(Map<String, String> s) {
        return new RunSpec(transport, mode, payloadSize, count, warmup, timeout, duration, pin, s, rate, sampleAllocations,
                producers, work);
    }

    /** This spec with one setting added or replaced (how a transport records its defaults). */
    public RunSpec with(String name, String value) {
        Map<String, String> s = new TreeMap<>(settings);
        s.put(name, value);
        return new RunSpec(transport, mode, payloadSize, count, warmup, timeout, duration, pin, s, rate, sampleAllocations,
                producers, work);
    }
}
