package dev.ipcplayground.launcher.report;

import java.util.Locale;

/** Numbers for people: a unit chosen per value, three significant digits. */
public final class Units {

    private Units() {}

    /** 850 ns, 12.3 µs, 4.56 ms, 1.23 s. */
    public static String nanos(double ns) {
        if (ns < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1_000_000) {
            return significant(ns / 1e3) + " µs";
        }
        if (ns < 1_000_000_000) {
            return significant(ns / 1e6) + " ms";
        }
        return significant(ns / 1e9) + " s";
    }

    /** 0 B, 64 B, 4 KiB, 1.5 MiB. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return significant(bytes / 1024.0) + " KiB";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return significant(bytes / (1024.0 * 1024)) + " MiB";
        }
        return significant(bytes / (1024.0 * 1024 * 1024)) + " GiB";
    }

    /** 12,345 or 1.23 M. */
    public static String count(double n) {
        if (n >= 10_000_000) {
            return significant(n / 1e6) + " M";
        }
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    /** 0.00, 1.00, 12.5. */
    public static String ratio(double r) {
        return String.format(Locale.ROOT, r < 10 ? "%.2f" : "%.1f", r);
    }

    private static String significant(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f", v);
    }

    /** Heap bytes per message, or "n/a" where the JVM keeps no count (-1: a virtual thread). */
    public static String heapBytes(double perMessage) {
        return perMessage < 0 ? "n/a" : ratio(perMessage);
    }
}
