package dev.ipcplayground.core;

import dev.ipcplayground.core.os.Processes;
import java.io.IOException;
import java.util.function.LongSupplier;

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

    private final LongSupplier pid;
    private final String role;
    private volatile boolean gone;
    private volatile boolean closed;
    private volatile long deadPid;

    /** @param pid the peer's pid, or 0 while it is not known yet (a peer not yet started is not dead) */
    public PeerProcess(LongSupplier pid, Role role) {
        this.pid = pid;
        this.role = role.key();
    }

    /** The peer found by the pid file it writes into the run directory when it starts. */
    public static PeerProcess fromPidFile(RunContext run, Role role) {
        long[] known = {0};
        return new PeerProcess(() -> {
            if (known[0] == 0) {
                known[0] = RunFile.PID.pid(run, role).orElse(0L);
            }
            return known[0];
        }, role);
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
            throw new IOException("the " + role + " (pid " + deadPid + ") is gone: it died while this side waited for "
                    + waitingFor);
        }
    }

    private boolean isAlive() {
        long p = pid.getAsLong();
        if (p == 0) {
            return true;
        }
        boolean alive = Processes.isRunning(p);
        if (!alive) {
            deadPid = p;
        }
        return alive;
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
