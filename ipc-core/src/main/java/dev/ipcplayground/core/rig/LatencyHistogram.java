package dev.ipcplayground.core.rig;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** The histogram both rigs record into: 1 ns to 1 hour at 3 significant digits, sized once. */
final class LatencyHistogram {

    private LatencyHistogram() {}

    static Histogram create() {
        return new Histogram(TimeUnit.HOURS.toNanos(1), 3);
    }
}
