package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunSpec;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The producer's loop: send every message of the run, warm-up first, and measure.
 *
 * <p>In ping-pong it is the study note's generator exchange across a process boundary: send
 * message n, wait for the consumer's "200 OK" with n, record the round trip. In a stream it
 * sends as fast as the transport accepts and leaves the latency to the consumer. Either way it
 * ends with the end marker, so the consumer knows how many should have come.
 *
 * <p>The clock starts after the payload is filled and its CRC computed, right before the frame
 * goes to the transport: what is timed is the transport, the peer's check and the reply.
 *
 * <p>At a fixed rate ({@link Mode#RATE}) message n is due at start + n / rate. The producer waits
 * for that moment (parked while it is far, spinning for the last stretch) and stamps the frame
 * with it, the intended time, even when it is already late: a stall delays every message queued
 * behind it, and each one's latency includes its share of the stall (no coordinated omission).
 */
public final class ProducerRig {

    private final RunSpec spec;
    private final Endpoint endpoint;
    private final LongSupplier clock;
    private final CostMeter meter;

    /** A rig on the real clock, measuring the calling thread. */
    public ProducerRig(RunSpec spec, Endpoint endpoint) {
        this(spec, endpoint, System::nanoTime, new CostMeter());
    }

    ProducerRig(RunSpec spec, Endpoint endpoint, LongSupplier clock, CostMeter meter) {
        this.spec = spec;
        this.endpoint = endpoint;
        this.clock = clock;
        this.meter = meter;
    }

    public SideResult run() throws IOException {
        Frame request = new Frame(spec.payloadSize());
        long total = spec.totalMessages();
        Frame reply = new Frame(Frame.REPLY_PAYLOAD_BYTES);
        Histogram roundTrips = LatencyHistogram.create();
        boolean pingPong = spec.mode() == Mode.PINGPONG;

        Cost before = Cost.ZERO;
        long start = 0, soakEnd = Long.MAX_VALUE, sent = 0;
        long sequence = 0;
        Pacer pacer = spec.mode() == Mode.RATE ? new Pacer(spec.rate(), clock) : null;
        for (; spec.soak() ? sent < soakEnd || sequence <= spec.warmup() : sequence < total; sequence++) {
            if (sequence == spec.warmup()) {
                before = meter.now();
                start = clock.getAsLong();
                soakEnd = start + spec.duration().toNanos();
            }
            request.fillMessage(sequence, spec.payloadSize());
            sent = pacer == null ? clock.getAsLong() : pacer.awaitDue(sequence);
            request.stampSendTime(sent);
            endpoint.send(request);
            if (pingPong) {
                endpoint.receive(reply);
                long answered = clock.getAsLong();
                if (!reply.isReplyTo(sequence)) {
                    throw new IOException("the reply to message " + sequence + " is not its \"200 OK\": got "
                            + reply.describe());
                }
                if (sequence >= spec.warmup()) {
                    roundTrips.recordValue(answered - sent);
                }
            }
        }
        long end = clock.getAsLong();
        Cost cost = meter.now().since(before);
        endpoint.send(request.fillEnd(sequence));

        String latency = pingPong ? SideResult.encode(roundTrips) : "";
        return new SideResult(Role.PRODUCER, ProcessHandle.current().pid(), sequence - spec.warmup(), end - start, cost,
                latency, null, endpoint.facts());
    }
}
