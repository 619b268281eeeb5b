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

    /**
     * A side's result as another process wrote it ({@code who}: "the consumer"), checked before
     * anything reads it: JSON of a result whose every part a report needs is there and possible.
     * A result can come from another host ({@code launcher serve}'s), so nothing in it is trusted;
     * what is wrong is an IOException that says so.
     */
    public static SideResult read(byte[] json, String who) throws java.io.IOException {
        SideResult result;
        try {
            result = dev.ipcplayground.core.Json.MAPPER.readValue(json, SideResult.class);
        } catch (java.io.IOException e) {
            throw new java.io.IOException(who + "'s result is not one: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        String problem = problem(result);
        if (problem != null) {
            throw new java.io.IOException(who + "'s result is not a possible one: " + problem);
        }
        return result;
    }

    private static String problem(SideResult r) {
        if (r == null) {
            return "it is null";
        }
        java.util.List<String> missing = new java.util.ArrayList<>();
        java.util.Map<String, Object> parts = new java.util.LinkedHashMap<>();
        parts.put("role", r.role());
        parts.put("cost", r.cost());
        if (r.role() == Role.CONSUMER) { // the consumer verifies; a producer has nothing to
            parts.put("verification", r.verification());
        }
        parts.put("warmup", r.warmup() == null ? null : r.warmup().end());
        parts.put("placement", r.placement());
        parts.forEach((name, part) -> {
            if (part == null) {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            return "no " + String.join(", ", missing);
        }
        var v = r.verification() != null ? r.verification() : new Verification(0, 0, 0, 0, 0, "");
        if (r.messages() < 0 || r.elapsedNanos() < 0 || r.index() < 0 || v.received() < 0 || v.lost() < 0 || v.duplicated() < 0
                || v.reordered() < 0 || v.corrupt() < 0 || r.warmup().messages() < 0 || r.warmup().nanos() < 0) {
            return "a count or a time below zero";
        }
        try {
            r.histogram();
        } catch (RuntimeException e) { // a damaged histogram: Base64, compression or HdrHistogram's own checks
            return "its latency histogram cannot be decoded (" + e.getMessage() + ")";
        }
        return null;
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
