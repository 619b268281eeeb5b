package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Side;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The producer's loop: warm up, agree with the consumer where the measured phase starts, send
 * every measured message and time it.
 *
 * <p>In ping-pong it is the study note's generator exchange across a process boundary: send
 * message n, wait for the consumer's "200 OK" with n, record the round trip. In a stream it
 * sends as fast as the transport accepts and leaves the latency to the consumer. Either way it
 * ends with the end marker, so the consumer knows how many should have come.
 *
 * <p>The warm-up runs the very same loop as the measured phase, histogram included, so that what
 * the JIT compiles is what is measured; it ends as {@link Warmup} says, with a {@link Frame#MEASURE}
 * frame that the consumer answers before the first measured message leaves.
 *
 * <p>The clock starts after the payload is filled and its CRC computed, right before the frame
 * goes to the transport: what is timed is the transport and the reply.
 *
 * <p>At a fixed rate ({@link Mode#RATE}) message n is due at start + n / rate, the schedule
 * starting anew with the measured phase. The producer waits for that moment (parked while it is
 * far, spinning for the last stretch) and stamps the frame with it, the intended time, even when
 * it is already late: a stall delays every message queued behind it, and each one's latency
 * includes its share of the stall (no coordinated omission).
 *
 * <p>One of several producers ({@code --producers N}), it is producer {@code index}: it stamps its
 * index into every frame, sends its share of the run's messages at its share of the rate
 * ({@link RunSpec#countOf}, {@link RunSpec#ratePerProducer}), and takes only replies that name it. Its
 * {@link Frame#MEASURE} is answered once every producer has asked, so that all of them measure
 * together: the consumer is the barrier.
 */
public final class ProducerRig {

    private final RunSpec spec;
    private final int index;
    private final Endpoint endpoint;
    private final LongSupplier clock;
    private final CostMeter meter;
    private final JitWatch jit;
    private final Progress progress;
    private final boolean pingPong;

    private final Frame request, reply;
    private final Histogram latencies = LatencyHistogram.create(), warmedUp = LatencyHistogram.create();
    private final Pacer pacer;
    private long lastSent;

    /** Messages per call of the loop during the warm-up. */
    private static final int SLICE = 16;

    /**
     * A rig of {@code run} on the real clock, measuring the calling thread, watching this JVM's
     * JIT and showing the launcher its {@link Progress}.
     */
    public ProducerRig(RunContext run, Endpoint endpoint) throws IOException {
        this(run, endpoint, 0);
    }

    /** Producer {@code index}'s rig of {@code run}: the same, its frames stamped with its index. */
    public ProducerRig(RunContext run, Endpoint endpoint, int index) throws IOException {
        this(run.spec(), index, endpoint, System::nanoTime, new CostMeter(), new JitWatch(JitWatch.hotSpot()),
                Progress.of(run, Side.producer(index)));
    }

    /** A rig outside a run directory (a served run, a test): the same, but nobody watches its progress. */
    public ProducerRig(RunSpec spec, Endpoint endpoint) {
        this(spec, endpoint, System::nanoTime, new CostMeter(), new JitWatch(JitWatch.hotSpot()));
    }

    ProducerRig(RunSpec spec, Endpoint endpoint, LongSupplier clock, CostMeter meter, JitWatch jit) {
        this(spec, 0, endpoint, clock, meter, jit, Progress.untracked());
    }

    /** Producer {@code index} outside a run directory, on the given clock: for tests. */
    ProducerRig(RunSpec spec, int index, Endpoint endpoint, LongSupplier clock, CostMeter meter, JitWatch jit) {
        this(spec, index, endpoint, clock, meter, jit, Progress.untracked());
    }

    private ProducerRig(RunSpec spec, int index, Endpoint endpoint, LongSupplier clock, CostMeter meter, JitWatch jit,
                        Progress progress) {
        if (index < 0 || index >= spec.producers()) {
            throw new IllegalArgumentException("producer " + index + " of a run with " + spec.producers());
        }
        this.spec = spec;
        this.index = index;
        this.endpoint = endpoint;
        this.clock = clock;
        this.meter = meter;
        this.jit = jit;
        this.progress = progress;
        this.pingPong = spec.mode() == Mode.PINGPONG;
        this.request = new Frame(spec.payloadSize()).forProducer(index);
        this.reply = new Frame(Frame.REPLY_PAYLOAD_BYTES).forProducer(index);
        this.pacer = spec.mode() == Mode.RATE ? new Pacer(spec.ratePerProducer(), clock) : null;
    }

    public SideResult run() throws IOException {
        AllocationSampler sampler = AllocationSampler.startIf(spec.sampleAllocations()); // before the warm-up: see its javadoc
        // 1. Warm up: the measured loop in short slices, until the JIT is quiet on both sides (or the fixed count).
        Warmup warmup = Warmup.of(spec);
        long warmStart = clock.getAsLong(), nextCheck = warmStart;
        long sequence = 0;
        Warmup.End ended = null;
        while (ended == null) {
            long slice = warmup.auto() ? SLICE : Math.min(SLICE, warmup.fixedMessages() - sequence);
            sequence = exchangeUntil(sequence, sequence + slice, Long.MAX_VALUE);
            if (!warmup.auto()) {
                ended = sequence < warmup.fixedMessages() ? null : Warmup.End.COUNT;
            } else if (lastSent - nextCheck >= 0) {
                nextCheck = lastSent + Warmup.CHECK_NANOS;
                ended = endOfAutoWarmup(warmup, sequence, lastSent - warmStart, lastSent);
            }
        }
        long warmNanos = clock.getAsLong() - warmStart;
        long firstMeasured = sequence;

        // 2. Measure: the same loop in one call, recorded. First the garbage of the warm-up's checks
        // is collected, so that it cannot be collected while measuring; then the consumer does the
        // same and takes its snapshots (in one JVM, in that order, neither side counts the other's GC).
        System.gc();
        if (!tellConsumer(Frame.MEASURE, firstMeasured)) {
            throw new IOException("the consumer did not start measuring at message " + firstMeasured);
        }
        if (pacer != null) {
            pacer.restartAt(firstMeasured);
        }
        latencies.copyInto(warmedUp);
        long jitBefore = jit.totalMillis();
        if (sampler != null) {
            sampler.measuring();
        }
        Cost before = meter.now();
        long start = clock.getAsLong();
        sequence = spec.soak()
                ? exchangeUntil(firstMeasured, Long.MAX_VALUE, start + spec.duration().toNanos())
                : exchangeUntil(firstMeasured, firstMeasured + spec.countOf(index), Long.MAX_VALUE);
        long end = clock.getAsLong();
        Cost cost = meter.now().since(before);
        long jitWhileMeasuring = jit.totalMillis() - jitBefore;
        var allocations = sampler == null ? null : sampler.stop(); // reading the recording compiles code of its own
        endpoint.send(request.fillEnd(sequence));

        String latency = pingPong ? SideResult.encode(LatencyHistogram.since(latencies, warmedUp)) : "";
        return new SideResult(Role.PRODUCER, ProcessHandle.current().pid(), sequence - firstMeasured, end - start, cost,
                latency, null, endpoint.facts(), new Warmup.Result(firstMeasured, warmNanos, ended, jitWhileMeasuring),
                Placement.ofCallingThread(), allocations, index);
    }

    /*
     * The loop, the same code in both phases. The warm-up calls it for a slice of SLICE messages at
     * a time, so that it is called often and the JIT compiles it as a whole method; the measured
     * phase then calls that compiled code once. (Had each phase a loop of its own, the measured
     * loop would start interpreted and be compiled while it is timed; had one loop a branch for
     * the phase, the JIT would have compiled it assuming the warm-up never ends, and would throw
     * that code away when it did.)
     */
    private long exchangeUntil(long sequence, long end, long deadline) throws IOException {
        long sent = lastSent;
        for (; sequence < end && sent - deadline < 0; sequence++) {
            sent = exchange(sequence);
        }
        lastSent = sent;
        return sequence;
    }

    /** Sends message {@code sequence} and, in ping-pong, awaits its reply and records the round trip; returns its send time. */
    private long exchange(long sequence) throws IOException {
        request.fillMessage(sequence, spec.payloadSize());
        long sent = pacer == null ? clock.getAsLong() : pacer.awaitDue(sequence);
        request.stampSendTime(sent);
        endpoint.send(request);
        if (pingPong) {
            endpoint.receive(reply);
            long answered = clock.getAsLong();
            if (!reply.isReplyTo(sequence)) {
                throw new IOException("the reply to message " + sequence + " is not its \"200 OK\": got " + reply.describe());
            }
            latencies.recordValue(answered - sent);
        }
        progress.reached(sequence);
        return sent;
    }

    /** At a check of an automatic warm-up: how it ends now, or {@code null} to go on. */
    private Warmup.End endOfAutoWarmup(Warmup warmup, long messages, long elapsed, long now) throws IOException {
        if (warmup.atCeiling(messages, elapsed)) {
            return Warmup.End.LIMIT;
        }
        rehearseTheStart();
        boolean quiet = jit.quiet(now, Warmup.QUIET_NANOS);
        boolean consumerQuiet = tellConsumer(Frame.JIT_QUIET, 0); // asked every time, so that it watches its JIT as long
        return quiet && consumerQuiet && warmup.pastFloor(messages, elapsed) ? Warmup.End.QUIET : null;
    }

    /**
     * What the start of the measured phase does, done at every check of the warm-up too, so that
     * the JIT compiles it (and its effect on code the loop shares) before it counts.
     */
    private void rehearseTheStart() {
        latencies.copyInto(warmedUp);
        meter.now();
    }

    /** Sends the consumer a control frame ({@link Frame#JIT_QUIET}, {@link Frame#MEASURE}) and returns its yes or no. */
    private boolean tellConsumer(long what, long value) throws IOException {
        endpoint.send(request.fillControl(what, value));
        endpoint.receive(reply);
        if (!reply.isControl(what) || reply.producer() != index) {
            throw new IOException("the consumer's answer to control message " + what + " is not one: got " + reply.describe());
        }
        return reply.controlValue() == 1;
    }
}
