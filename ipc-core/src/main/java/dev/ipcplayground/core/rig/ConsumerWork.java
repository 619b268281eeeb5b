package dev.ipcplayground.core.rig;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * The busy work a consumer does for each message ({@code --work 2us}): a consumer that computes
 * something, so that a reader sees how much of the difference between transports is left once
 * the consumer is not idle.
 *
 * <p>The work is arithmetic on registers, a xorshift step repeated, with nothing in memory
 * and no system call: CPU time only, like a handler that parses and computes. It is calibrated
 * once, when the rig is made: the loop runs until the JIT has compiled it, then the fastest of
 * several timed rounds gives the steps per nanosecond (the fastest, because a round that was
 * preempted is slow for reasons that are not the work). A message then costs its steps, not a
 * time read off the clock: a consumer preempted in the middle of its work takes longer, as a
 * real one would.
 */
public final class ConsumerWork {

    private static final VarHandle SINK;

    static {
        try {
            SINK = MethodHandles.lookup().findVarHandle(ConsumerWork.class, "sink", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final ConsumerWork NONE = new ConsumerWork(Duration.ZERO, 0);

    private final Duration perMessage;
    private final long steps;
    @SuppressWarnings("unused") // written opaquely, so that the JIT keeps the work that feeds it
    private long sink;

    private ConsumerWork(Duration perMessage, long steps) {
        this.perMessage = perMessage;
        this.steps = steps;
    }

    /** Work of {@code perMessage} per message, calibrated on this machine now; none for zero. */
    public static ConsumerWork of(Duration perMessage) {
        if (perMessage.isZero()) {
            return NONE;
        }
        return new ConsumerWork(perMessage, Math.max(1, Math.round(perMessage.toNanos() * stepsPerNano())));
    }

    /** Does one message's work. */
    public void perform(long seed) {
        if (steps > 0) {
            SINK.setOpaque(this, spin(seed | 1, steps)); // | 1: a xorshift of 0 stays 0
        }
    }

    /** The steps one message costs: 0 for none. */
    public long steps() {
        return steps;
    }

    public Duration perMessage() {
        return perMessage;
    }

    private static volatile long calibrationSink;

    /* Steps per nanosecond: 0.2 s of steps to let the JIT compile spin(), then the fastest of 10 rounds of a million. */
    private static double stepsPerNano() {
        long seed = System.nanoTime();
        long warm = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < warm) {
            seed = spin(seed, 100_000);
        }
        double best = 0;
        for (int round = 0; round < 10; round++) {
            long steps = 1_000_000;
            long start = System.nanoTime();
            seed = spin(seed, steps);
            long took = Math.max(1, System.nanoTime() - start);
            best = Math.max(best, (double) steps / took);
        }
        calibrationSink = seed; // the result is used: the JIT cannot drop the rounds
        return best;
    }

    /** {@code steps} xorshift steps: about a nanosecond each, in registers, a dependent chain the CPU cannot overlap. */
    static long spin(long x, long steps) {
        for (long i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
