package dev.ipcplayground.launcher;

import dev.ipcplayground.core.Quantities;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line's adapters to the values people type (sizes with binary units, counts,
 * durations): the parsing itself is {@link Quantities}, shared with the transports' own settings.
 */
final class Converters {

    private Converters() {}

    /** {@code 64}, {@code 4k} (4096), {@code 1m}, {@code 1g}; also {@code kb}, {@code kib}, ... */
    static long bytes(String text) {
        return parse(() -> Quantities.bytes(text));
    }

    /** {@code 50000}, {@code 50k}, {@code 2m} (powers of 1000, as counts go). */
    static long count(String text) {
        return parse(() -> Quantities.count(text));
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    static Duration duration(String text) {
        return parse(() -> Quantities.duration(text));
    }

    /** picocli reports a {@link TypeConversionException} as a bad value of the option. */
    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class Bytes implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return bytes(value);
        }
    }

    static final class Count implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return count(value);
        }
    }

    /** {@code auto}, or a count: {@code 0}, {@code 20k}. */
    static final class WarmupCount implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            if (value.trim().equalsIgnoreCase("auto")) {
                return dev.ipcplayground.core.RunSpec.AUTO_WARMUP;
            }
            try {
                return count(value);
            } catch (TypeConversionException e) {
                throw new TypeConversionException(e.getMessage().replace(" is not a whole", " is not auto or a whole"));
            }
        }
    }

    /** An enum typed as its lower-case key, and named that way when refused, as the docs write it. */
    private static <E extends Enum<E>> E named(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (dev.ipcplayground.core.TransportOption.key(constant).equals(value.trim().toLowerCase(java.util.Locale.ROOT))) {
                return constant;
            }
        }
        java.util.List<String> keys = java.util.Arrays.stream(type.getEnumConstants()).map(dev.ipcplayground.core.TransportOption::key).toList();
        throw new TypeConversionException("'" + value + "' is not " + String.join(", ", keys.subList(0, keys.size() - 1))
                + " or " + keys.getLast());
    }

    static final class ModeName implements ITypeConverter<dev.ipcplayground.core.Mode> {
        @Override
        public dev.ipcplayground.core.Mode convert(String value) {
            return named(dev.ipcplayground.core.Mode.class, value);
        }
    }

    static final class PinName implements ITypeConverter<dev.ipcplayground.core.Pin> {
        @Override
        public dev.ipcplayground.core.Pin convert(String value) {
            return named(dev.ipcplayground.core.Pin.class, value);
        }
    }

    /** {@code 500ns}, {@code 2us}, {@code 1ms}: the consumer's work per message. */
    static final class ShortTime implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parse(() -> Quantities.shortDuration(value));
        }
    }

    static final class Time implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }
}
