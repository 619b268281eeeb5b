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

    /** A latency as measured, refused (never clamped) if it cannot be one. */
    static long checked(long nanos, long sequence) {
        if (nanos < 0 || nanos > HIGHEST_NANOS) {
            throw new IllegalStateException("message " + sequence + " has a latency of " + nanos
                    + " ns, outside 0 to 25 h: its send time cannot come from this host's monotonic clock");
        }
        return nanos;
    }
}
