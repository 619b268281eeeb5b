package dev.ipcplayground.core.rig;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The histogram both rigs record into: 1 ns to 25 hours at 3 significant digits, sized once (about
 * 300 KiB), so recording never allocates. 25 hours is beyond the longest run the launcher allows
 * (--timeout 24h), so no real latency can fall outside it.
 */
final class LatencyHistogram {

    static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(25);

    private LatencyHistogram() {}

    static Histogram create() {
        return new Histogram(HIGHEST_NANOS, 3);
    }

    /**
     * The latencies recorded since {@code atStart}, a copy taken when the measured phase began.
     * The warm-up records into the same histogram and is subtracted at the end rather than
     * cleared at the start: a cleared histogram takes, at its first value, a branch (a new
     * maximum) that the JIT compiled away during a long warm-up, and would recompile the loop
     * just as measuring starts.
     */
    static Histogram since(Histogram all, Histogram atStart) {
        all.subtract(atStart);
        return all;
    }

    /** A latency as measured, refused (never clamped) if it cannot be one. */
    static long checked(long nanos, long sequence) {
        if (nanos < 0 || nanos > HIGHEST_NANOS) {
            throw new IllegalStateException("message " + sequence + " has a latency of " + nanos
                    + " ns, outside 0 to 25 h: its send time cannot come from this host's monotonic clock");
        }
        return nanos;
    }
}
