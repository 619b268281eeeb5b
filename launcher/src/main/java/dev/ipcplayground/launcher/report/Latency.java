package dev.ipcplayground.launcher.report;

import org.HdrHistogram.Histogram;

/** Latency percentiles in nanoseconds, from an HdrHistogram (3 significant digits). */
public record Latency(long min, long p50, long p90, long p99, long p999, long p9999, long max, double mean) {

    public static Latency of(Histogram h) {
        return new Latency(h.getMinValue(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99),
                h.getMaxValue(), Math.round(h.getMean() * 10) / 10.0);
    }
}
