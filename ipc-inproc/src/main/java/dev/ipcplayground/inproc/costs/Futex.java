package dev.ipcplayground.inproc.costs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ipcplayground.core.os.Libc;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The futex, the kernel's smallest wait: {@code FUTEX_WAIT} sleeps only if a 32-bit word still
 * holds the value the caller saw, {@code FUTEX_WAKE} wakes who sleeps on it. glibc has no wrapper,
 * so it is {@code syscall(SYS_futex, ...)}, variadic after its first argument. The shared (not
 * {@code _PRIVATE}) operations work for threads and for processes that map the same page alike,
 * so both sides of the comparison make the very same calls.
 */
final class Futex {

    private static final long SYS_FUTEX = 202; // x86-64
    private static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1;

    private static final MethodHandle SYSCALL = Libc.function("syscall", false,
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(1));

    private Futex() {}

    /** Sleeps while the int at {@code word} is {@code expected} (returns at once if it is not, or on a wake-up). */
    static void await(MemorySegment word, int expected) {
        try {
            long unused = (long) SYSCALL.invokeExact(SYS_FUTEX, word, FUTEX_WAIT, expected, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new AssertionError("the futex binding is wrong", t);
        }
    }

    /** Wakes one sleeper on {@code word}, if any. */
    static void wake(MemorySegment word) {
        try {
            long unused = (long) SYSCALL.invokeExact(SYS_FUTEX, word, FUTEX_WAKE, 1, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new AssertionError("the futex binding is wrong", t);
        }
    }
}
