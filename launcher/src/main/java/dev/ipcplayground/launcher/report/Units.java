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

    /** 0 B, 64 B, 4 KiB, 8.79 KiB, 1.50 MiB. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return inUnit(bytes, 1024) + " KiB";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return inUnit(bytes, 1024 * 1024) + " MiB";
        }
        return inUnit(bytes, 1024L * 1024 * 1024) + " GiB";
    }

    /** A size in its unit: whole as "4", else three significant digits ("8.79"), so 4 KiB and 64 KiB read alike. */
    private static String inUnit(long bytes, long unit) {
        return bytes % unit == 0 ? Long.toString(bytes / unit) : significant((double) bytes / unit);
    }

    /**
     * 12,345, 10,312,345: whole numbers with their digits grouped, the same way at every size (a
     * table that says "10.3 M" in one row and "1,581,004" in the next makes the reader convert);
     * below 10, a fraction keeps one decimal: 1.3, not 1.
     */
    public static String count(double n) {
        if (n < 10 && n != Math.rint(n)) {
            return String.format(Locale.ROOT, "%.1f", n);
        }
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    /** Megabytes per second to three significant digits: 3.30, 24.7, 2,777. */
    public static String megabytes(double mb) {
        return mb < 1_000 ? significant(mb) : String.format(Locale.ROOT, "%,.0f", mb);
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
