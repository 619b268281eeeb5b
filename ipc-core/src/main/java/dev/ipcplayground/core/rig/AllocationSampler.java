package dev.ipcplayground.core.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * With {@code --allocations}: what the messaging thread allocated in the measured phase, from JFR's
 * allocation samples ({@code jdk.ObjectAllocationSample}, taken when a thread fills its TLAB, each
 * weighted by the bytes allocated since the last one). The rig allocates nothing per message, so
 * whatever shows here is the transport's library or the JDK under it; the report names the type,
 * the method that allocated it, and the first caller outside the JDK: the library.
 *
 * <p>The recording starts with the rig, before the warm-up, so that the JIT has compiled the loop
 * with JFR present; only samples of this thread after {@link #measuring} count. The child JVMs of
 * such a run use small TLABs ({@code -XX:TLABSize=16k}), so that a few bytes per message still
 * refill one often enough to be sampled. It costs a thread of JFR's and a little CPU: a run for
 * finding garbage, not for timing.
 */
public final class AllocationSampler {

    /** At most this many sites in a report: the heaviest. */
    private static final int SITES = 3;

    private final Recording recording;
    private final long threadId = Thread.currentThread().threadId();
    private Instant from = Instant.MAX;

    private AllocationSampler(Recording recording) {
        this.recording = recording;
    }

    /** A sampler of the calling thread, recording from now; {@code null} when not asked for. */
    static AllocationSampler startIf(boolean asked) {
        if (!asked) {
            return null;
        }
        Recording recording = new Recording();
        // Unthrottled: a throttle's budget per time window could be spent by the warm-up, leaving the
        // measured phase unsampled; with the rig's loop allocating nothing, every refill is worth one.
        recording.enable("jdk.ObjectAllocationSample").withStackTrace().with("throttle", "off");
        recording.start();
        return new AllocationSampler(recording);
    }

    /** The measured phase starts now: samples from here on count. */
    void measuring() {
        from = Instant.now();
    }

    /** Stops recording; the heaviest sites of the measured phase, each with its share of the sampled bytes. */
    List<Allocation> stop() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("ipcpg-allocations", ".jfr");
        try {
            recording.dump(file);
            Map<Allocation, Long> weights = new HashMap<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (event.getThread() != null && event.getThread().getJavaThreadId() == threadId
                        && !event.getStartTime().isBefore(from) && event.getStackTrace() != null && !ours(event)) {
                    weights.merge(site(event), event.getLong("weight"), Long::sum);
                }
            }
            double total = weights.values().stream().mapToLong(Long::longValue).sum();
            return weights.entrySet().stream().sorted(Map.Entry.<Allocation, Long>comparingByValue(Comparator.reverseOrder()))
                    .limit(SITES).map(e -> e.getKey().withShare(Math.round(1000 * e.getValue() / total) / 1000.0)).toList();
        } finally {
            recording.close();
            Files.deleteIfExists(file);
        }
    }

    /** A sample taken in this class: the phase switch itself, not the transport. */
    private static boolean ours(RecordedEvent event) {
        return event.getStackTrace().getFrames().stream().anyMatch(f -> f.getMethod().getType().getName().equals(AllocationSampler.class.getName()));
    }

    /** The type, the allocating method, and the first frame outside the JDK. */
    private static Allocation site(RecordedEvent event) {
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        String via = frames.stream().map(AllocationSampler::method).filter(m -> !inTheJdk(m)).findFirst().orElse("");
        // A lambda's class is named after its address ($$Lambda.0x00007f...): one name for all runs.
        String type = event.getClass("objectClass").getName().replaceFirst("\\$\\$Lambda[./]0x[0-9a-f]+$", "\\$\\$Lambda");
        return new Allocation(type, frames.isEmpty() ? "" : method(frames.getFirst()), via, 0);
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static boolean inTheJdk(String method) {
        return method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun.") || method.startsWith("javax.");
    }

    /**
     * One place that allocated in the measured phase.
     *
     * @param type        what was allocated: {@code java.nio.DirectByteBuffer}
     * @param allocatedIn the method that allocated it: {@code java.nio.DirectByteBuffer.slice}
     * @param via         its first caller outside the JDK, the library (or our own code) that asked: {@code
     *                    io.netty.util.internal.PlatformDependent0.offsetSlice}; empty if the whole stack is the JDK's
     * @param share       its part of the bytes sampled, 0 to 1
     */
    public record Allocation(String type, String allocatedIn, String via, double share) {
        Allocation withShare(double share) {
            return new Allocation(type, allocatedIn, via, share);
        }
    }
}
