package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Side;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.Verifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The consumer's loop: receive until the end marker, verify every message, and answer (in
 * ping-pong) or time it (in a stream).
 *
 * <p>In ping-pong the consumer answers first and verifies after: the producer's round trip then
 * covers the two trips through the transport and no more, and the check (CRC32C, every payload
 * byte, the sequence) runs while the producer reads its reply. A damaged message is still
 * caught, one reply later; the C twins do the same, so the two stay comparable.
 *
 * <p>In a stream the latency of a message is its arrival time minus the send time stamped in
 * its header: one clock, since {@code System.nanoTime} reads the same {@code CLOCK_MONOTONIC} in
 * every process of a Linux host. Throughput counts from the producer's {@link Frame#MEASURE}
 * frame to the last arrival.
 *
 * <p>Between messages the producer may send control frames: {@link Frame#JIT_QUIET} (answered
 * with whether this JVM's JIT has gone quiet), {@link Frame#MEASURE} (the measured phase starts
 * with the next message) and {@link Frame#END}.
 *
 * <p>With several producers ({@code --producers N}) the frames of all of them arrive through the
 * one endpoint, interleaved as the transport delivers them, each naming its producer. The rig
 * keeps a {@link Verifier} per producer (each producer's own sequence must arrive whole, once,
 * in order), answers each producer's control frames and replies to it alone, and is the barrier
 * of the warm-up: it answers the producers' {@link Frame#MEASURE} frames only once all N have
 * asked, so that they measure together, and the measured phase ends with the last producer's
 * end marker.
 *
 * <p>With {@code --work} the consumer does calibrated busy work for every message
 * ({@link ConsumerWork}): in ping-pong before it answers (the reply is the work's result), in a
 * stream after it has timed and checked the message.
 */
public final class ConsumerRig {

    /** Messages per call of the loop during the warm-up (see {@link ProducerRig}'s loop for why). */
    private static final int SLICE = 16;

    private final RunSpec spec;
    private final Endpoint endpoint;
    private final LongSupplier clock;
    private final CostMeter meter;
    private final JitWatch jit;
    private final Progress progress;
    private final boolean pingPong;
    private final int producers;
    private final ConsumerWork work;

    private final Frame message, reply;
    /** One verifier per producer. */
    private final Verifier[] verifiers;
    private final Histogram oneWay = LatencyHistogram.create(), warmedUp = LatencyHistogram.create();
    /** Per producer: the first measured message it announced (-1 until it asks to measure), and its end count (-1 until it ends). */
    private final long[] firstMeasured, sent;
    private long lastArrival, handled;

    /**
     * A rig of {@code run} on the real clock, measuring the calling thread, watching this JVM's
     * JIT and showing the launcher its {@link Progress}.
     */
    public ConsumerRig(RunContext run, Endpoint endpoint) throws IOException {
        this(run.spec(), endpoint, System::nanoTime, new CostMeter(), new JitWatch(JitWatch.hotSpot()),
                Progress.of(run, Side.CONSUMER));
    }

    /** A rig outside a run directory (a served run, a test): the same, but nobody watches its progress. */
    public ConsumerRig(RunSpec spec, Endpoint endpoint) {
        this(spec, endpoint, System::nanoTime, new CostMeter(), new JitWatch(JitWatch.hotSpot()));
    }

    ConsumerRig(RunSpec spec, Endpoint endpoint, LongSupplier clock, CostMeter meter, JitWatch jit) {
        this(spec, endpoint, clock, meter, jit, Progress.untracked());
    }

    private ConsumerRig(RunSpec spec, Endpoint endpoint, LongSupplier clock, CostMeter meter, JitWatch jit, Progress progress) {
        this.spec = spec;
        this.endpoint = endpoint;
        this.clock = clock;
        this.meter = meter;
        this.jit = jit;
        this.progress = progress;
        this.pingPong = spec.mode() == Mode.PINGPONG;
        this.producers = spec.producers();
        this.work = ConsumerWork.of(spec.work());
        this.message = new Frame(spec.payloadSize());
        this.reply = new Frame(Frame.REPLY_PAYLOAD_BYTES);
        this.verifiers = new Verifier[producers];
        for (int p = 0; p < producers; p++) {
            verifiers[p] = new Verifier(spec.payloadSize(), spec.fanIn() ? "producer " + p : "");
        }
        this.firstMeasured = new long[producers];
        this.sent = new long[producers];
        java.util.Arrays.fill(firstMeasured, -1);
        java.util.Arrays.fill(sent, -1);
    }

    public SideResult run() throws IOException {
        AllocationSampler sampler = AllocationSampler.startIf(spec.sampleAllocations()); // before the warm-up: see its javadoc
        // 1. Warm up: the measured loop in short slices, answering the producers' questions, until all have said MEASURE.
        Warmup warmup = Warmup.of(spec);
        long warmStart = clock.getAsLong();
        boolean quiet = false;
        for (int waiting = 0; waiting < producers; ) {
            if (!receiveUntilControl(SLICE)) {
                continue;
            }
            int from = message.producer();
            if (message.isControl(Frame.JIT_QUIET)) {
                rehearseTheStart();
                quiet = jit.quiet(clock.getAsLong(), Warmup.QUIET_NANOS);
                endpoint.send(reply.forProducer(from).fillControl(Frame.JIT_QUIET, quiet ? 1 : 0));
            } else if (message.isControl(Frame.MEASURE)) {
                if (firstMeasured[from] >= 0) {
                    throw new IOException(who(from) + " asked twice to start measuring");
                }
                firstMeasured[from] = message.controlValue();
                waiting++;
            } else if (message.isEnd()) {
                throw new IOException(who(from) + " ended the run before the measured phase (" + message.endCount()
                        + " messages sent)");
            }
        }
        long warmNanos = clock.getAsLong() - warmStart;
        Warmup.End ended = !warmup.auto() ? Warmup.End.COUNT : quiet ? Warmup.End.QUIET : Warmup.End.LIMIT;

        // 2. Measure: the same loop in one call, until every producer's end marker.
        System.gc(); // the warm-up's checks left garbage: collect it now, not while measuring
        oneWay.copyInto(warmedUp);
        long jitBefore = jit.totalMillis();
        if (sampler != null) {
            sampler.measuring();
        }
        Cost before = meter.now();
        long start = clock.getAsLong();
        for (int p = 0; p < producers; p++) {
            endpoint.send(reply.forProducer(p).fillControl(Frame.MEASURE, 1)); // all measure from now on
        }
        for (int ends = 0; ends < producers; ) {
            if (receiveUntilControl(Long.MAX_VALUE) && message.isEnd()) {
                if (sent[message.producer()] >= 0) {
                    throw new IOException(who(message.producer()) + " sent its end marker twice");
                }
                sent[message.producer()] = message.endCount();
                ends++;
            } // a stray control frame in the measured phase: none is sent; the verifier names a damaged message
        }
        long end = clock.getAsLong();
        Cost cost = meter.now().since(before);
        long jitWhileMeasuring = jit.totalMillis() - jitBefore;
        var allocations = sampler == null ? null : sampler.stop(); // reading the recording compiles code of its own

        // Each producer's end marker says how many it sent; in a run by count it must be its share of the spec's.
        long measured = 0;
        List<Verification> each = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long expected = spec.soak() ? sent[p] : firstMeasured[p] + spec.countOf(p);
            each.add(verifiers[p].finish(Math.max(expected, sent[p])));
            measured += expected - firstMeasured[p];
        }
        String latency = pingPong ? "" : SideResult.encode(LatencyHistogram.since(oneWay, warmedUp));
        long elapsed = (pingPong ? end : lastArrival) - start;
        return new SideResult(Role.CONSUMER, ProcessHandle.current().pid(), measured, elapsed, cost,
                latency, Verification.sum(each), endpoint.facts(),
                new Warmup.Result(firstMeasured[0], warmNanos, ended, jitWhileMeasuring), Placement.ofCallingThread(), allocations);
    }

    /** "the producer", or "producer 2" of several. */
    private String who(int producer) {
        return Side.producer(producer).describe(producers);
    }

    /** What the start of the measured phase does, done at every check of the warm-up too (see {@link ProducerRig}). */
    private void rehearseTheStart() {
        oneWay.copyInto(warmedUp);
        meter.now();
    }

    /**
     * The loop, the same code in both phases: receives, answers or times, and verifies messages
     * until a control frame arrives (true, the frame in {@link #message}) or {@code most} messages
     * have come (false).
     */
    private boolean receiveUntilControl(long most) throws IOException {
        for (long n = 0; n < most; n++) {
            endpoint.receive(message);
            long sequence = message.sequence();
            int from = message.producer();
            if (from >= producers) {
                throw new IOException("a frame names producer " + from + ", and the run has " + producers
                        + ": it is damaged, and nobody can be answered (" + message.describe()
                        + (message.crcMatches() ? "" : ", a bad CRC") + ")");
            }
            if (sequence < 0 && isControl(sequence)) {
                return true;
            }
            Verifier verifier = verifiers[from];
            if (pingPong) {
                work.perform(sequence);
                endpoint.send(reply.forProducer(from).fillReply(sequence, message.sendTime())); // answer first: the check stays off the round trip
                verifier.accept(message);
            } else {
                long arrived = clock.getAsLong();
                if (verifier.accept(message)) {
                    oneWay.recordValue(LatencyHistogram.checked(arrived - message.sendTime(), sequence));
                }
                lastArrival = arrived;
                work.perform(sequence);
            }
            progress.reached(handled++);
        }
        return false;
    }

    /** An intact control frame; anything else with a negative sequence is a damaged message, for the verifier. */
    private boolean isControl(long sequence) {
        return (sequence == Frame.END || sequence == Frame.JIT_QUIET || sequence == Frame.MEASURE) && message.isControl(sequence);
    }
}
