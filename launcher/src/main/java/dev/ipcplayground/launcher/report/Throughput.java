package dev.ipcplayground.launcher.report;

/** Messages per second, and payload megabytes (10^6 bytes) per second. */
public record Throughput(double messagesPerSecond, double megabytesPerSecond) {

    public static Throughput of(long messages, long elapsedNanos, int payloadBytes) {
        double perSecond = elapsedNanos <= 0 ? 0 : messages * 1e9 / elapsedNanos;
        return new Throughput(Math.round(perSecond), Math.round(perSecond * payloadBytes / 1e4) / 100.0);
    }
}
