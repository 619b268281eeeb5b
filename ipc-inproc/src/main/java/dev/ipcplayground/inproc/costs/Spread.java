package dev.ipcplayground.inproc.costs;

import java.util.Arrays;
import java.util.Locale;

/**
 * Repeats of one measurement: their median, and the lowest and highest. Two figures differ only
 * when their ranges do not overlap; otherwise the difference is within the noise of this machine.
 */
record Spread(double median, double min, double max, int repeats) {

    static Spread of(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1], n);
    }

    /** How this compares with {@code other}, beyond the spread of both. */
    Order against(Spread other) {
        return min > other.max ? Order.ABOVE : max < other.min ? Order.BELOW : Order.WITHIN_NOISE;
    }

    enum Order { ABOVE, BELOW, WITHIN_NOISE }

    /** "4.10–4.62 µs", from nanoseconds. */
    String rangeMicros() {
        return String.format(Locale.ROOT, "%.2f–%.2f µs", min / 1e3, max / 1e3);
    }
}
