package dev.ipcplayground.core.rig;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The clock of an open-loop run: message n is due at {@code start + (n - first) * 1e9 / rate} ns.
 * The schedule is fixed at its first message and never slips: a late message does not move the
 * ones after it. It starts anew with the measured phase ({@link #restartAt}), so that lateness
 * from the warm-up, while the JVM was still slow, never lands on a measured message.
 */
final class Pacer {

    /** Closer than this to the due time, spin: a park wakes up to ~60 µs late (timer slack). */
    private static final long SPIN_NANOS = 100_000;

    private final double intervalNanos;
    private final LongSupplier clock;
    private long start = Long.MIN_VALUE;
    private long first;

    Pacer(double ratePerSecond, LongSupplier clock) {
        this.intervalNanos = 1e9 / ratePerSecond;
        this.clock = clock;
    }

    /** A new schedule whose first message, {@code sequence}, is due as soon as it is asked for. */
    void restartAt(long sequence) {
        start = Long.MIN_VALUE;
        first = sequence;
    }

    /** Waits until message {@code sequence} is due (or returns at once if it is late), and returns its due time. */
    long awaitDue(long sequence) {
        if (start == Long.MIN_VALUE) {
            start = clock.getAsLong();
        }
        long due = start + (long) ((sequence - first) * intervalNanos);
        long spin = spinNanos(Thread.currentThread());
        long left;
        while ((left = due - clock.getAsLong()) > 0) {
            if (left > spin) {
                LockSupport.parkNanos(left - spin);
            } else {
                Thread.onSpinWait();
            }
        }
        return due;
    }

    /**
     * How close to the due time the pacer spins: {@link #SPIN_NANOS} on a thread of its own, never on
     * a virtual thread. A virtual thread that spins keeps its carrier, and with one carrier (vthread)
     * the consumer waits for the whole spin: the latencies would measure the pacer (p50 2.6 ms at
     * 50,000 msg/s). Parked, the virtual thread gives the carrier to the consumer, and wakes a little
     * late, which the latencies then show, as they should.
     */
    static long spinNanos(Thread thread) {
        return thread.isVirtual() ? 0 : SPIN_NANOS;
    }
}
