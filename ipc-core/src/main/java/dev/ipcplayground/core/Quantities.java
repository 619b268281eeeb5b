package dev.ipcplayground.core;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values people type: byte sizes with binary units, counts with decimal ones, durations. The
 * launcher's options and the transports' own settings read them the same way.
 */
public final class Quantities {

    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile("(-?\\d+)([a-z]*)");

    private Quantities() {}

    /** {@code 64}, {@code 4k} (4096), {@code 1m}, {@code 1g}; also {@code kb}, {@code kib}, ... */
    public static long bytes(String text) {
        Matcher m = match(text, "a byte size such as 64, 4k or 1m");
        long unit = switch (m.group(2)) {
            case "", "b" -> 1;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit; use b, k, m or g (powers of 1024)");
        };
        return multiply(m.group(1), unit, text);
    }

    /**
     * A setting that must be a power of two of bytes within a range ({@code --ring-size},
     * {@code --term-length}), returned as a plain number; otherwise an error naming the option
     * and the range: "--ring-size must be a power of two from 4k (4096) to 1g (1073741824), got 5000".
     */
    public static String powerOfTwoBytes(String option, String given, long min, long max) {
        long value;
        try {
            value = bytes(given);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + option + " must be a number of bytes: " + e.getMessage());
        }
        if (value < min || value > max || Long.bitCount(value) != 1) {
            throw new IllegalArgumentException("--" + option + " must be a power of two from " + shortBytes(min) + " (" + min
                    + ") to " + shortBytes(max) + " (" + max + "), got " + value);
        }
        return Long.toString(value);
    }

    /** 4096 as {@code 4k}, 1073741824 as {@code 1g}: how a power of two is typed. */
    private static String shortBytes(long powerOfTwo) {
        return powerOfTwo >= 1L << 30 ? (powerOfTwo >> 30) + "g" : powerOfTwo >= 1L << 20 ? (powerOfTwo >> 20) + "m"
                : powerOfTwo >= 1L << 10 ? (powerOfTwo >> 10) + "k" : Long.toString(powerOfTwo);
    }

    /** {@code 50000}, {@code 50k}, {@code 2m} (powers of 1000, as counts go). */
    public static long count(String text) {
        Matcher m = match(text.replace("_", ""), "a whole number such as 50000 or 50k");
        long unit = switch (m.group(2)) {
            case "" -> 1;
            case "k" -> 1_000;
            case "m" -> 1_000_000;
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit; use k or m (powers of 1000)");
        };
        return multiply(m.group(1), unit, text);
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    public static Duration duration(String text) {
        Matcher m = match(text, "a duration such as 30s, 500ms or 2m");
        long n = multiply(m.group(1), 1, text);
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("'" + text + "' needs a unit: ms, s, m or h");
        };
    }

    /** A short time, such as the work per message: {@code 500ns}, {@code 2us} (or {@code 2µs}), {@code 1ms}. */
    public static Duration shortDuration(String text) {
        Matcher m = match(text.replace("µ", "u"), "a duration such as 500ns, 2us or 1ms");
        long n = multiply(m.group(1), 1, text);
        return switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "us" -> Duration.ofNanos(multiply(m.group(1), 1_000, text));
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> throw new IllegalArgumentException("'" + text + "' needs a unit: ns, us, ms or s");
        };
    }

    private static Matcher match(String text, String expected) {
        Matcher m = NUMBER_WITH_UNIT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + expected);
        }
        return m;
    }

    private static long multiply(String digits, long unit, String text) {
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }
}
