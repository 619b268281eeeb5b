package dev.ipcplayground.shm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.ipcplayground.core.os.Libc;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The POSIX semaphore calls ({@code sem_overview(7)}), bound through the FFM API as ipc-core's
 * {@link Libc} binds the calls every side makes: each returns the raw result, and {@link Libc#errno()}
 * tells why one failed. Only this transport uses them, so they live here.
 */
final class SemaphoreCalls {

    /** sem_t *sem_open(const char *name, int oflag, ...): mode and value are variadic. */
    private static final MethodHandle SEM_OPEN = Libc.function("sem_open", true,
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SEM_POST = Libc.function("sem_post", true, FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SEM_WAIT = Libc.function("sem_wait", true, FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SEM_TRYWAIT = Libc.function("sem_trywait", true, FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SEM_TIMEDWAIT = Libc.function("sem_timedwait", true,
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SEM_GETVALUE = Libc.function("sem_getvalue", true,
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SEM_CLOSE = Libc.function("sem_close", true, FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SEM_UNLINK = Libc.function("sem_unlink", true, FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private SemaphoreCalls() {}

    /** The semaphore, or {@code MemorySegment.NULL}'s address (SEM_FAILED is 0) on failure. */
    static MemorySegment semOpen(MemorySegment name, int oflag, int mode, int value) {
        return Libc.callAddress(() -> (MemorySegment) SEM_OPEN.invokeExact(Libc.callState(), name, oflag, mode, value));
    }

    static int semPost(MemorySegment sem) {
        try { // on the hot path: no lambda (see Libc, before callInt)
            return (int) SEM_POST.invokeExact(Libc.callState(), sem);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Sleeps until the count is positive, with no deadline (no kernel timer armed). */
    static int semWait(MemorySegment sem) {
        try { // on the hot path: no lambda (see Libc, before callInt)
            return (int) SEM_WAIT.invokeExact(Libc.callState(), sem);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int semTrywait(MemorySegment sem) {
        try { // on the hot path: no lambda (see Libc, before callInt)
            return (int) SEM_TRYWAIT.invokeExact(Libc.callState(), sem);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The deadline is absolute, on CLOCK_REALTIME. */
    static int semTimedwait(MemorySegment sem, MemorySegment deadline) {
        try { // on the hot path: no lambda (see Libc, before callInt)
            return (int) SEM_TIMEDWAIT.invokeExact(Libc.callState(), sem, deadline);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int semGetvalue(MemorySegment sem, MemorySegment value) {
        return Libc.callInt(() -> (int) SEM_GETVALUE.invokeExact(Libc.callState(), sem, value));
    }

    static int semClose(MemorySegment sem) {
        return Libc.callInt(() -> (int) SEM_CLOSE.invokeExact(Libc.callState(), sem));
    }

    static int semUnlink(MemorySegment name) {
        return Libc.callInt(() -> (int) SEM_UNLINK.invokeExact(Libc.callState(), name));
    }
}
