package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.Verification;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one child measured, written to {@code <role>.result.json} in the run directory (never to
 * stdout, which may be the transport itself).
 *
 * @param role          which side
 * @param pid           the child's pid
 * @param messages      measured messages this side handled
 * @param elapsedNanos  wall time of its measured phase
 * @param cost          CPU, context switches and GC cycles of its measured phase
 * @param latency       the latency histogram this side recorded (round trips on the producer in
 *                      ping-pong, one-way on the consumer in a stream), HdrHistogram's compressed
 *                      encoding in Base64; empty when this side records none
 * @param verification  what the consumer found; {@code null} on the producer
 * @param facts         what the endpoint learnt about its peer and channel ({@link dev.ipcplayground.core.Endpoint#facts})
 * @param warmup        how long this side warmed up, what ended it, and what its JIT compiled afterwards
 * @param placement     the CPUs its messaging thread and the rest of its JVM were allowed
 * @param allocations   with {@code --allocations}, what its messaging thread allocated while measuring, heaviest
 *                      first ({@link AllocationSampler}); {@code null} when not asked
 * @param index         which producer this is, 0 to N - 1 ({@code --producers N}); 0 for the consumer
 */
public record SideResult(Role role, long pid, long messages, long elapsedNanos, Cost cost,
                         String latency, Verification verification, java.util.Map<String, String> facts,
                         Warmup.Result warmup, Placement placement, java.util.List<AllocationSampler.Allocation> allocations,
                         int index) {

    /** One side of a run with one producer. */
    public SideResult(Role role, long pid, long messages, long elapsedNanos, Cost cost, String latency,
                      Verification verification, java.util.Map<String, String> facts, Warmup.Result warmup,
                      Placement placement, java.util.List<AllocationSampler.Allocation> allocations) {
        this(role, pid, messages, elapsedNanos, cost, latency, verification, facts, warmup, placement, allocations, 0);
    }

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        histogram.encodeIntoCompressedByteBuffer(buffer);
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The recorded histogram, or {@code null} when this side recorded none. */
    public Histogram histogram() {
        if (latency == null || latency.isEmpty()) {
            return null;
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(latency)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("the " + role.key() + "'s latency histogram is damaged", e);
        }
    }
}
