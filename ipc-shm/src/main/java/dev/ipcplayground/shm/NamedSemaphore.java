package dev.ipcplayground.shm;

import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.os.NativeException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A POSIX named semaphore ({@code sem_overview(7)}): a counter in a small shared file,
 * {@code /dev/shm/sem.NAME}, that any process knowing the name can open.
 *
 * <p>{@link #post()} adds one; {@link #acquire} takes one, sleeping while the count is zero.
 * glibc does both with an atomic instruction on the shared counter and enters the kernel
 * ({@code futex(2)}) only to sleep, or to wake a sleeper: a post with nobody waiting and an
 * acquire of a positive count cost no system call.
 *
 * <p>One thread waits on a semaphore at a time (the transports are single-producer,
 * single-consumer): the deadline buffer is this object's own, so waiting allocates nothing.
 */
final class NamedSemaphore implements AutoCloseable {

    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment deadline = arena.allocate(Libc.TIMESPEC);
    private final MemorySegment sem;

    private NamedSemaphore(String name, MemorySegment sem) {
        this.name = name;
        this.sem = sem;
    }

    /** Creates a new semaphore, exclusively (it must not exist) and private to this user (0600). */
    static NamedSemaphore create(String name, int initialValue) throws NativeException {
        return open(name, Libc.O_CREAT | Libc.O_EXCL, 0600, initialValue);
    }

    /** Opens an existing semaphore. */
    static NamedSemaphore open(String name) throws NativeException {
        return open(name, 0, 0, 0);
    }

    private static NamedSemaphore open(String name, int flags, int mode, int value) throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment sem = SemaphoreCalls.semOpen(call.allocateFrom(slashed(name)), flags, mode, value);
            if (sem.equals(MemorySegment.NULL)) {
                throw new NativeException("sem_open", slashed(name), Libc.errno());
            }
            return new NamedSemaphore(name, sem);
        }
    }

    /** Removes the name; processes that have it open keep using it. False when it did not exist. */
    static boolean unlink(String name) throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            if (SemaphoreCalls.semUnlink(call.allocateFrom(slashed(name))) == 0) {
                return true;
            }
            int errno = Libc.errno();
            if (errno == Libc.ENOENT) {
                return false;
            }
            throw new NativeException("sem_unlink", slashed(name), errno);
        }
    }

    /** Adds one to the count, waking a waiter if there is one. */
    void post() throws NativeException {
        if (SemaphoreCalls.semPost(sem) != 0) {
            throw new NativeException("sem_post", slashed(name), Libc.errno());
        }
    }

    /**
     * Takes one from the count, sleeping while it is zero, for as long as it takes. A caller
     * that must not wait forever arranges for someone to post (see the shm transport's watchdog).
     */
    void acquire() throws NativeException {
        while (SemaphoreCalls.semWait(sem) != 0) {
            int errno = Libc.errno();
            if (errno != Libc.EINTR) {
                throw new NativeException("sem_wait", slashed(name), errno);
            }
        }
    }

    /**
     * Takes one from the count, sleeping up to {@code timeoutNanos} while it is zero.
     *
     * @return false when the time ran out first
     */
    boolean acquire(long timeoutNanos) throws NativeException {
        if (SemaphoreCalls.semTrywait(sem) == 0) {
            return true; // the common case when the peer is ahead: no clock read, no system call
        }
        if (Libc.errno() != Libc.EAGAIN) {
            throw new NativeException("sem_trywait", slashed(name), Libc.errno());
        }
        setDeadline(timeoutNanos);
        while (SemaphoreCalls.semTimedwait(sem, deadline) != 0) {
            int errno = Libc.errno();
            if (errno == Libc.ETIMEDOUT) {
                return false;
            }
            if (errno != Libc.EINTR) {
                throw new NativeException("sem_timedwait", slashed(name), errno);
            }
        }
        return true;
    }

    /** The current count (for tests and diagnostics). */
    int value() throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment value = call.allocate(ValueLayout.JAVA_INT);
            if (SemaphoreCalls.semGetvalue(sem, value) != 0) {
                throw new NativeException("sem_getvalue", slashed(name), Libc.errno());
            }
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    String name() {
        return name;
    }

    /** Closes this process's handle; the semaphore lives on until unlinked. */
    @Override
    public void close() {
        SemaphoreCalls.semClose(sem);
        arena.close();
    }

    /** sem_timedwait takes an absolute CLOCK_REALTIME time: now plus the timeout. */
    private void setDeadline(long timeoutNanos) {
        Libc.clockGettime(Libc.CLOCK_REALTIME, deadline);
        long nanos = deadline.get(ValueLayout.JAVA_LONG, 8) + timeoutNanos;
        deadline.set(ValueLayout.JAVA_LONG, 0, deadline.get(ValueLayout.JAVA_LONG, 0) + nanos / 1_000_000_000L);
        deadline.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
    }

    /** Whether semaphore {@code /name} exists: glibc keeps a named semaphore as the file {@code /dev/shm/sem.name}. */
    static boolean exists(String name) {
        return java.nio.file.Files.exists(java.nio.file.Path.of("/dev/shm", "sem." + name));
    }

    /** POSIX wants one leading slash and no other; our names have none. */
    private static String slashed(String name) {
        return "/" + name;
    }
}
