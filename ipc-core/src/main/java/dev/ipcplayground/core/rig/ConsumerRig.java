package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.Verifier;
import java.io.IOException;
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

    private final Frame message, reply;
    private final Verifier verifier;
    private final Histogram oneWay = LatencyHistogram.create(), warmedUp = LatencyHistogram.create();
    private long lastArrival;

    /**
     * A rig of {@code run} on the real clock, measuring the calling thread, watching this JVM's
     * JIT and showing the launcher its {@link Progress}.
     */
    public ConsumerRig(RunContext run, Endpoint endpoint) throws IOException {
        this(run.spec(), endpoint, System::nanoTime, new CostMeter(), new JitWatch(JitWatch.hotSpot()),
                Progress.of(run, Role.CONSUMER));
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
        this.message = new Frame(spec.payloadSize());
        this.reply = new Frame(Frame.REPLY_PAYLOAD_BYTES);
        this.verifier = new Verifier(spec.payloadSize());
    }

    public SideResult run() throws IOException {
        AllocationSampler sampler = AllocationSampler.startIf(spec.sampleAllocations()); // before the warm-up: see its javadoc
        // 1. Warm up: the measured loop in short slices, answering the producer's questions, until it says MEASURE.
        Warmup warmup = Warmup.of(spec);
        long warmStart = clock.getAsLong();
        boolean quiet = false;
        while (!receiveUntilControl(SLICE) || !message.isControl(Frame.MEASURE)) {
            if (message.isControl(Frame.JIT_QUIET)) {
                rehearseTheStart();
                quiet = jit.quiet(clock.getAsLong(), Warmup.QUIET_NANOS);
                endpoint.send(reply.fillControl(Frame.JIT_QUIET, quiet ? 1 : 0));
            } else if (message.isEnd()) {
                throw new IOException("the producer ended the run before the measured phase (" + message.endCount() + " messages sent)");
            }
        }
        long firstMeasured = message.controlValue();
        long warmNanos = clock.getAsLong() - warmStart;
        Warmup.End ended = !warmup.auto() ? Warmup.End.COUNT : quiet ? Warmup.End.QUIET : Warmup.End.LIMIT;

        // 2. Measure: the same loop in one call, until the end marker.
        System.gc(); // the warm-up's checks left garbage: collect it now, not while measuring
        oneWay.copyInto(warmedUp);
        long jitBefore = jit.totalMillis();
        if (sampler != null) {
            sampler.measuring();
        }
        Cost before = meter.now();
        long start = clock.getAsLong();
        endpoint.send(reply.fillControl(Frame.MEASURE, 1));
        while (receiveUntilControl(Long.MAX_VALUE) && !message.isEnd()) {
            // a stray control frame in the measured phase: none is sent; the verifier names a damaged message
        }
        long end = clock.getAsLong();
        Cost cost = meter.now().since(before);
        long jitWhileMeasuring = jit.totalMillis() - jitBefore;
        var allocations = sampler == null ? null : sampler.stop(); // reading the recording compiles code of its own

        long sent = message.endCount();
        String latency = pingPong ? "" : SideResult.encode(LatencyHistogram.since(oneWay, warmedUp));
        // The end marker says how many were sent; in a run by count it must be what the spec says.
        long expected = spec.soak() ? sent : firstMeasured + spec.count();
        Verification verification = verifier.finish(Math.max(expected, sent));
        long elapsed = (pingPong ? end : lastArrival) - start;
        return new SideResult(Role.CONSUMER, ProcessHandle.current().pid(), expected - firstMeasured, elapsed, cost,
                latency, verification, endpoint.facts(), new Warmup.Result(firstMeasured, warmNanos, ended, jitWhileMeasuring),
                Placement.ofCallingThread(), allocations);
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
            if (sequence < 0 && isControl(sequence)) {
                return true;
            }
            if (pingPong) {
                endpoint.send(reply.fillReply(sequence, message.sendTime())); // answer first: the check stays off the round trip
                verifier.accept(message);
            } else {
                long arrived = clock.getAsLong();
                if (verifier.accept(message)) {
                    oneWay.recordValue(LatencyHistogram.checked(arrived - message.sendTime(), sequence));
                }
                lastArrival = arrived;
            }
            progress.reached(sequence);
        }
        return false;
    }

    /** An intact control frame; anything else with a negative sequence is a damaged message, for the verifier. */
    private boolean isControl(long sequence) {
        return (sequence == Frame.END || sequence == Frame.JIT_QUIET || sequence == Frame.MEASURE) && message.isControl(sequence);
    }
}
