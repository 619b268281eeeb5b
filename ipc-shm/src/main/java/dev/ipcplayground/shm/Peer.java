package dev.ipcplayground.shm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The other process, as far as the shared file knows it: its pid, which it writes into the file
 * header when it maps the file.
 *
 * <p>A mapping, unlike a pipe or a socket, does not tell you that the other side has gone: its
 * memory simply stops changing, and a side asleep on a semaphore would sleep forever. So a
 * watchdog thread looks at the peer every {@value #CHECK_MILLIS} ms; when the peer has died it
 * raises {@link #gone()} and wakes this side's sleepers (by posting the semaphores they sleep
 * on), which then stop with the reason. The sleeps themselves stay untimed: a timed
 * {@code sem_timedwait} arms a kernel timer on every sleep, which on this VM costs about 0.45 µs
 * per round trip (measured with the C twin, {@code bench/native/shm.c -DTIMED}).
 */
final class Peer implements AutoCloseable {

    static final long CHECK_MILLIS = 100;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment file;
    private final long pidOffset;
    private final String role;
    private volatile boolean gone;
    private volatile boolean closed;
    private long deadPid;

    Peer(MemorySegment file, long pidOffset, String role) {
        this.file = file;
        this.pidOffset = pidOffset;
        this.role = role;
    }

    /** Starts the watchdog; {@code wakeSleepers} runs once, on the watchdog's thread, when the peer dies. */
    Peer watch(Runnable wakeSleepers) {
        Thread.ofPlatform().daemon().name("shm-peer-watch").start(() -> {
            while (!closed && !gone) {
                if (!isAlive()) {
                    gone = true;
                    wakeSleepers.run();
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

    /** True once the watchdog has seen the peer dead. A volatile read: cheap enough to spin on. */
    boolean gone() {
        return gone;
    }

    /** @throws IOException naming the peer, when it has died */
    void checkAlive(String waitingFor) throws IOException {
        if (gone || !isAlive()) {
            gone = true;
            throw new IOException("the " + role + " (pid " + deadPid + ") is gone: it died while this side waited for "
                    + waitingFor);
        }
    }

    private boolean isAlive() {
        long pid = (long) LONG.getVolatile(file, pidOffset);
        if (pid == 0) {
            return true; // it has not mapped the file yet; the launcher watches it until then
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            deadPid = pid;
        }
        return alive;
    }

    @Override
    public void close() {
        closed = true;
    }
}
