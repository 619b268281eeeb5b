package dev.ipcplayground.core;

import dev.ipcplayground.core.os.Processes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.nio.file.Files;

/**
 * The other side of a run, and whether it still lives.
 *
 * <p>Some mechanisms tell a waiting side that its peer died: a pipe or a socket returns
 * end-of-file. Others do not: a semaphore, a message queue or a mapped file simply stay quiet, and
 * a side asleep on them would sleep forever. For those, a watchdog thread looks at the peer every
 * {@value #CHECK_MILLIS} ms; when the peer has died it raises {@link #gone()} and runs the
 * transport's wake-up (posting the semaphore, sending into the queue the side sleeps on), after
 * which the woken side stops with the reason. The sleeps themselves stay untimed: a timed sleep
 * arms a kernel timer each time, which on this VM costs about 0.45 µs per round trip (measured with
 * the C twin, {@code bench/native/shm.c -DTIMED}).
 */
public final class PeerProcess implements AutoCloseable {

    public static final long CHECK_MILLIS = 100;

    private final List<LongSupplier> pids;
    private final List<String> names;
    private final List<BooleanSupplier> finished;
    private volatile boolean gone;
    private volatile boolean closed;
    private volatile long deadPid;
    private volatile String deadName = "";

    /** @param pid the peer's pid, or 0 while it is not known yet (a peer not yet started is not dead) */
    public PeerProcess(LongSupplier pid, Role role) {
        this(List.of(pid), List.of("the " + role.key()), List.of(() -> false));
    }

    private PeerProcess(List<LongSupplier> pids, List<String> names, List<BooleanSupplier> finished) {
        this.pids = pids;
        this.names = names;
        this.finished = finished;
    }

    /** The peer found by the pid file it writes into the run directory when it starts. */
    public static PeerProcess fromPidFile(RunContext run, Role role) {
        return new PeerProcess(pidFile(run, new Side(role, 0)), role);
    }

    /**
     * A consumer's peers: every producer of the run, each found by its pid file; one of them dying
     * is enough to wake the consumer. A producer that has written its result and exited has
     * finished, not died: of several, one may finish while the others still send.
     */
    public static PeerProcess producersOf(RunContext run) {
        int n = run.spec().producers();
        List<LongSupplier> pids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<BooleanSupplier> finished = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Side side = Side.producer(i);
            pids.add(pidFile(run, side));
            names.add(side.describe(n));
            finished.add(() -> Files.exists(RunFile.RESULT.of(run, side)));
        }
        return new PeerProcess(pids, names, finished);
    }

    private static LongSupplier pidFile(RunContext run, Side side) {
        long[] known = {0};
        return () -> {
            if (known[0] == 0) {
                known[0] = RunFile.PID.pid(run, side).orElse(0L);
            }
            return known[0];
        };
    }

    /** Starts the watchdog; {@code wakeSleepers} runs once, on the watchdog's thread, if the peer dies. */
    public PeerProcess watch(Runnable wakeSleepers) {
        Thread.ofPlatform().daemon().name("peer-watch").start(() -> {
            while (!closed) {
                if (!isAlive()) {
                    gone = true;
                    wakeUnlessClosed(wakeSleepers);
                    return;
                }
                try {
                    Thread.sleep(CHECK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    /** True once the watchdog has seen the peer dead: a volatile read, cheap enough to spin on. */
    public boolean gone() {
        return gone;
    }

    /** @throws IOException naming the peer and what this side waited for, when the peer has died */
    public void checkAlive(String waitingFor) throws IOException {
        if (gone || !isAlive()) {
            gone = true;
            throw new IOException(deadName + " (pid " + deadPid + ") is gone: it died while this side waited for "
                    + waitingFor);
        }
    }

    /** Whether every peer lives (a peer not started yet counts as alive); the first dead one is remembered. */
    private boolean isAlive() {
        for (int i = 0; i < pids.size(); i++) {
            long p = pids.get(i).getAsLong();
            if (p != 0 && !Processes.isRunning(p) && !finished.get(i).getAsBoolean()) {
                deadPid = p;
                deadName = names.get(i);
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the wake-up only if this side has not closed: the wake-up uses what the side closes
     * after us (a semaphore posted after {@code sem_close} is unmapped memory: the JVM crashed so
     * once, in a test whose peer died as its side closed). The lock makes the two exclusive.
     */
    private synchronized void wakeUnlessClosed(Runnable wakeSleepers) {
        if (!closed) {
            wakeSleepers.run();
        }
    }

    /**
     * Stops the watchdog. Once this returns, no wake-up runs any more (one under way is waited
     * for), so the side may then close what the wake-up touches.
     */
    @Override
    public synchronized void close() {
        closed = true;
    }
}
