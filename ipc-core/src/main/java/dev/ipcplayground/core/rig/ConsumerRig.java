package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Role;
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
 * <p>In a stream the latency of a message is its arrival time minus the send time stamped in
 * its header: one clock, since {@code System.nanoTime} reads the same {@code CLOCK_MONOTONIC} in
 * every process of a Linux host. The measured phase starts with the first message past the
 * warm-up; throughput counts from that message's send time to the last arrival.
 */
public final class ConsumerRig {

    private final RunSpec spec;
    private final Endpoint endpoint;
    private final LongSupplier clock;
    private final CostMeter meter;

    /** A rig on the real clock, measuring the calling thread. */
    public ConsumerRig(RunSpec spec, Endpoint endpoint) {
        this(spec, endpoint, System::nanoTime, new CostMeter());
    }

    ConsumerRig(RunSpec spec, Endpoint endpoint, LongSupplier clock, CostMeter meter) {
        this.spec = spec;
        this.endpoint = endpoint;
        this.clock = clock;
        this.meter = meter;
    }

    public SideResult run() throws IOException {
        Frame message = new Frame(spec.payloadSize());
        Frame reply = new Frame(Frame.REPLY_PAYLOAD_BYTES);
        Verifier verifier = new Verifier(spec.payloadSize());
        Histogram oneWay = LatencyHistogram.create();
        boolean pingPong = spec.mode() == Mode.PINGPONG;

        boolean measuring = false;
        Cost before = Cost.ZERO;
        long start = 0, lastArrival = 0, sent;
        while (true) {
            endpoint.receive(message);
            long arrived = clock.getAsLong();
            if (message.isEnd()) {
                sent = message.endCount();
                break;
            }
            boolean intact = verifier.accept(message);
            long sequence = message.sequence();
            if (!measuring && sequence >= spec.warmup()) {
                measuring = true;
                before = meter.now();
                start = intact ? message.sendTime() : arrived;
            }
            if (pingPong) {
                endpoint.send(reply.fillReply(sequence, message.sendTime()));
            } else if (measuring && intact) {
                oneWay.recordValue(LatencyHistogram.checked(arrived - message.sendTime(), sequence));
            }
            lastArrival = arrived;
        }
        Cost cost = measuring ? meter.now().since(before) : Cost.ZERO;

        String latency = pingPong ? "" : SideResult.encode(oneWay);
        // The end marker says how many were sent; in a run by count it must be what the spec says.
        long expected = spec.soak() ? sent : spec.totalMessages();
        Verification verification = verifier.finish(Math.max(expected, sent));
        return new SideResult(Role.CONSUMER, ProcessHandle.current().pid(), expected - spec.warmup(), lastArrival - start,
                cost, latency, verification, endpoint.facts());
    }
}
