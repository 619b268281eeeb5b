package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.RunSpec;
import java.util.concurrent.TimeUnit;

/**
 * When the warm-up ends: after a fixed number of messages ({@code --warmup N}), or, by default,
 * once the JIT compiler has gone quiet on both sides ({@code --warmup auto}).
 *
 * <p>Both sides run the same loop in the warm-up as in the measured phase, recording nothing.
 * Every {@link #CHECK_NANOS} the producer looks at its own JIT ({@link JitWatch}); once it is
 * past the floor and quiet, it asks the consumer with a {@link dev.ipcplayground.core.Frame#MEASURE_IF_WARM}
 * frame, and the consumer, if its own JIT is quiet too, answers yes and measures from the next
 * message on. At the ceiling, or after a fixed count, the producer sends
 * {@link dev.ipcplayground.core.Frame#MEASURE_NOW} instead, which the consumer cannot refuse.
 * The warm-up takes at least {@link #FLOOR_MESSAGES} messages and {@link #FLOOR_NANOS}, and at
 * most {@link #CEILING_MESSAGES} messages or {@link #CEILING_NANOS}, whichever comes first.
 *
 * @param fixedMessages the warm-up's length in messages, or {@link RunSpec#AUTO_WARMUP} to wait for the JIT
 */
public record Warmup(long fixedMessages) {

    public static final long FLOOR_MESSAGES = 10_000;
    public static final long FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    public static final long CEILING_MESSAGES = 20_000_000;
    public static final long CEILING_NANOS = TimeUnit.MILLISECONDS.toNanos(3000);
    /** The JIT is quiet when nothing was compiled for this long and nothing is being compiled. */
    public static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(150);
    /** How often the producer looks at its JIT during the warm-up (never in the measured phase). */
    public static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    /** How a warm-up ended, for the report. */
    public enum End {
        /** The fixed count was reached. */
        COUNT,
        /** Both sides' JITs were quiet. */
        QUIET,
        /** The ceiling came first: a JIT still compiled. */
        LIMIT;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * How one side's warm-up went, and whether its JIT compiled after it.
     *
     * @param messages                messages exchanged before the measured phase
     * @param nanos                   how long the warm-up took on this side
     * @param end                     what ended it
     * @param jitMillisWhileMeasuring milliseconds this JVM spent compiling during the measured phase; 0 when warm
     */
    public record Result(long messages, long nanos, End end, long jitMillisWhileMeasuring) { }

    public static Warmup of(RunSpec spec) {
        return new Warmup(spec.warmup());
    }

    public boolean auto() {
        return fixedMessages == RunSpec.AUTO_WARMUP;
    }

    /** Past the floor: warm-up may end if the JIT is quiet. */
    boolean pastFloor(long messages, long nanos) {
        return messages >= FLOOR_MESSAGES && nanos >= FLOOR_NANOS;
    }

    /** At the ceiling: warm-up ends whatever the JIT does. */
    boolean atCeiling(long messages, long nanos) {
        return messages >= CEILING_MESSAGES || nanos >= CEILING_NANOS;
    }
}
