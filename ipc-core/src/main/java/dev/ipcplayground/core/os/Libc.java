package dev.ipcplayground.core.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc functions every side uses, called through Java 25's Foreign Function & Memory API: no
 * JNI, no C compiler. Each binding is a {@link MethodHandle} looked up once in the C library the
 * JVM already loaded. The calls only one transport makes live in its module, bound the same way
 * ({@link #function}): {@code sem_*} in ipc-shm, {@code mq_*} in ipc-mq, {@code mkfifo} in ipc-fifo.
 *
 * <p>Calls that can fail capture {@code errno} right after the call returns
 * ({@link Linker.Option#captureCallState}): reading it later would be too late, since the JVM
 * itself makes system calls in between. The capture buffer is per thread and allocated once,
 * so the calls on a hot path ({@code read}, {@code write}) allocate nothing. Each
 * wrapper returns the raw result; {@link #errno()} tells why it failed, and
 * {@link NativeException} turns that into a message with the call, its subject and
 * {@code strerror}.
 *
 * <p>Child JVMs run with {@code --enable-native-access=ALL-UNNAMED}, so these calls print no warning.
 */
@SuppressWarnings("restricted") // calling native code is what this class is for
public final class Libc {

    // errno values (asm-generic/errno-base.h, errno.h; the same on x86-64 and arm64)
    public static final int ENOENT = 2, EINTR = 4, EAGAIN = 11, EEXIST = 17, EINVAL = 22, EMSGSIZE = 90,
            ETIMEDOUT = 110;
    // open flags (fcntl.h) and other constants
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_CLOEXEC = 0x80000;
    public static final int EPIPE = 32;
    public static final int CLOCK_REALTIME = 0;
    public static final int RUSAGE_SELF = 0, RUSAGE_THREAD = 1, RUSAGE_CHILDREN = -1;
    public static final int PR_SET_PDEATHSIG = 1, SIGKILL = 9;

    /** struct timespec { time_t tv_sec; long tv_nsec; } */
    public static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));
    /** struct timeval { time_t tv_sec; suseconds_t tv_usec; } */
    public static final StructLayout TIMEVAL = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_usec"));
    /** struct rusage (getrusage(2)): two struct timeval (user, system CPU time), then 14 counters. */
    public static final StructLayout RUSAGE = MemoryLayout.structLayout(
            TIMEVAL.withName("ru_utime"), TIMEVAL.withName("ru_stime"),
            JAVA_LONG.withName("ru_maxrss"), JAVA_LONG.withName("ru_ixrss"), JAVA_LONG.withName("ru_idrss"),
            JAVA_LONG.withName("ru_isrss"), JAVA_LONG.withName("ru_minflt"), JAVA_LONG.withName("ru_majflt"),
            JAVA_LONG.withName("ru_nswap"), JAVA_LONG.withName("ru_inblock"), JAVA_LONG.withName("ru_oublock"),
            JAVA_LONG.withName("ru_msgsnd"), JAVA_LONG.withName("ru_msgrcv"), JAVA_LONG.withName("ru_nsignals"),
            JAVA_LONG.withName("ru_nvcsw"), JAVA_LONG.withName("ru_nivcsw"));
    /** The offsets of the fields of {@link #RUSAGE} the cost meter reads. */
    public static final long RUSAGE_BYTES = RUSAGE.byteSize(),
            RU_UTIME = rusageOffset("ru_utime"), RU_STIME = rusageOffset("ru_stime"),
            RU_NVCSW = rusageOffset("ru_nvcsw"), RU_NIVCSW = rusageOffset("ru_nivcsw");

    /** cpu_set_t: 1024 bits. */
    private static final long CPU_SET_BYTES = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static final MethodHandle STRERROR = function("strerror", false, FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle GETRUSAGE = function("getrusage", true, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CLOCK_GETTIME = function("clock_gettime", true, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SCHED_SETAFFINITY = function("sched_setaffinity", true,
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SCHED_GETAFFINITY = function("sched_getaffinity", true,
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle GETPID = function("getpid", false, FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle RAISE = function("raise", false, FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GETTID = function("gettid", false, FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle READ = function("read", true, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = function("write", true, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle OPEN = function("open", true, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = function("close", true, FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PIPE2 = function("pipe2", true, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle UMASK = function("umask", false, FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GETPPID = function("getppid", false, FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = function("geteuid", false, FunctionDescriptor.of(JAVA_INT));
    /** int prctl(int option, ...): variadic after the first argument. */
    private static final MethodHandle PRCTL = function("prctl", true, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private Libc() {}

    /*
     * A bound handle's invokeExact declares Throwable, but can only throw if its descriptor is
     * wrong: the bindings here and in the transports' modules call through one of these three,
     * which say so once. Not the calls made for every message (read, write, sem_post, sem_wait,
     * mq_timedsend ...): a lambda that captures the call's arguments is an object, and only C2's
     * escape analysis removes it once the call is compiled; in the interpreter and in C1's code
     * each call would allocate one, which the allocation tests catch when the JIT is still
     * warming. Those keep their own try/catch.
     */
    /** A native call returning an int. */
    @FunctionalInterface
    public interface IntCall {
        int call() throws Throwable;
    }

    /** A native call returning a long (a {@code ssize_t}, a {@code long}). */
    @FunctionalInterface
    public interface LongCall {
        long call() throws Throwable;
    }

    /** A native call returning a pointer. */
    @FunctionalInterface
    public interface AddressCall {
        MemorySegment call() throws Throwable;
    }

    public static int callInt(IntCall call) {
        try {
            return call.call();
        } catch (Throwable t) {
            throw new AssertionError("a native binding is wrong", t);
        }
    }

    public static long callLong(LongCall call) {
        try {
            return call.call();
        } catch (Throwable t) {
            throw new AssertionError("a native binding is wrong", t);
        }
    }

    public static MemorySegment callAddress(AddressCall call) {
        try {
            return call.call();
        } catch (Throwable t) {
            throw new AssertionError("a native binding is wrong", t);
        }
    }

    private static long rusageOffset(String field) {
        return RUSAGE.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /** This thread's buffer for the {@code errno} a call leaves: the first argument of every handle that captures it. */
    public static MemorySegment callState() {
        return STATE.get();
    }

    /** The errno left by this thread's last call through this class. */
    public static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** getrusage(2) into a {@link #RUSAGE_BYTES}-byte segment. */
    public static int getrusage(int who, MemorySegment usage) {
        return callInt(() -> (int) GETRUSAGE.invokeExact(STATE.get(), who, usage));
    }

    /** clock_gettime(2) into a {@link #TIMESPEC}. */
    public static int clockGettime(int clock, MemorySegment timespec) {
        return callInt(() -> (int) CLOCK_GETTIME.invokeExact(STATE.get(), clock, timespec));
    }

    /** sched_setaffinity(2) for the calling thread (pid 0): it may run only on {@code cpu}. */
    public static void pinCallingThread(int cpu) throws NativeException {
        java.util.BitSet one = new java.util.BitSet();
        one.set(cpu);
        setAffinity(0, one);
    }

    /**
     * sched_setaffinity(2): thread {@code tid} (0: the calling thread) may run only on {@code cpus}.
     * Affinity belongs to a thread, not to a process; threads started later inherit their creator's.
     */
    public static void setAffinity(int tid, java.util.BitSet cpus) throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment mask = call.allocate(CPU_SET_BYTES);
            long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length && i < CPU_SET_BYTES / 8; i++) {
                mask.set(JAVA_LONG, i * 8L, words[i]);
            }
            if ((int) SCHED_SETAFFINITY.invokeExact(STATE.get(), tid, CPU_SET_BYTES, mask) != 0) {
                throw new NativeException("sched_setaffinity", "cpus " + cpus, errno());
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** sched_getaffinity(2): the CPUs thread {@code tid} (0: the calling thread; a pid: that process's first thread) may run on. */
    public static java.util.BitSet affinity(int tid) throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment mask = call.allocate(CPU_SET_BYTES);
            if ((int) SCHED_GETAFFINITY.invokeExact(STATE.get(), tid, CPU_SET_BYTES, mask) < 0) {
                throw new NativeException("sched_getaffinity", "thread " + tid, errno());
            }
            return java.util.BitSet.valueOf(mask.toArray(JAVA_LONG));
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** read(2): up to {@code count} bytes from {@code fd} into {@code buffer}; the count read, 0 at end of file, -1 on error. */
    public static long read(int fd, MemorySegment buffer, long count) {
        try { // on the hot path: no lambda (see Libc, before callInt)
            return (long) READ.invokeExact(STATE.get(), fd, buffer, count);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** write(2): up to {@code count} bytes from {@code buffer} to {@code fd}; the count written, -1 on error. */
    public static long write(int fd, MemorySegment buffer, long count) {
        try { // on the hot path: no lambda (see Libc, before callInt)
            return (long) WRITE.invokeExact(STATE.get(), fd, buffer, count);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** open(2) without O_CREAT: the new file descriptor, or -1. */
    public static int open(MemorySegment path, int flags) {
        return callInt(() -> (int) OPEN.invokeExact(STATE.get(), path, flags));
    }

    public static int close(int fd) {
        return callInt(() -> (int) CLOSE.invokeExact(STATE.get(), fd));
    }

    /** pipe2(2): a new pipe; {@code fds} receives its read end, then its write end (two ints). */
    public static int pipe2(MemorySegment fds, int flags) {
        return callInt(() -> (int) PIPE2.invokeExact(STATE.get(), fds, flags));
    }

    /** gettid(2): the calling thread's id in the kernel, as in {@code /proc/self/task/<tid>}. */
    public static int gettid() {
        return callInt(() -> (int) GETTID.invokeExact());
    }

    /** getpid(2): this process; also the id of its first thread. */
    public static int getpid() {
        return callInt(() -> (int) GETPID.invokeExact());
    }

    /** raise(3): sends {@code signal} to this process itself; with {@link #SIGKILL} it does not return. */
    public static void raise(int signal) {
        callInt(() -> (int) RAISE.invokeExact(signal));
    }

    /** A {@code struct timeval} inside a {@code struct rusage} ({@link #RU_UTIME}, {@link #RU_STIME}), in nanoseconds. */
    public static long timevalNanos(MemorySegment usage, long offset) {
        return usage.get(JAVA_LONG, offset) * 1_000_000_000L + usage.get(JAVA_LONG, offset + 8) * 1_000L;
    }

    /**
     * umask(2): the permission bits every file, FIFO, semaphore, queue and socket made afterwards
     * will not have. The launcher and the children set 077, so all a run makes is private to its user.
     */
    public static int umask(int mask) {
        return callInt(() -> (int) UMASK.invokeExact(mask));
    }

    public static int getppid() {
        return callInt(() -> (int) GETPPID.invokeExact());
    }

    /** The user this process acts as: whom a peer's credentials must match. */
    public static int geteuid() {
        return callInt(() -> (int) GETEUID.invokeExact());
    }

    public static int prctl(int option, long argument) {
        return callInt(() -> (int) PRCTL.invokeExact(STATE.get(), option, argument));
    }

    /**
     * A libc function, for a transport's own bindings (its module keeps the calls only it makes):
     * looked up once, with {@code errno} captured if asked, in which case the handle's first
     * argument is {@link #callState()}.
     */
    public static MethodHandle function(String name, boolean capturesErrno, FunctionDescriptor signature,
                                         Linker.Option... options) {
        MemorySegment address = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no function " + name));
        Linker.Option[] all = options;
        if (capturesErrno) {
            all = java.util.Arrays.copyOf(options, options.length + 1);
            all[options.length] = Linker.Option.captureCallState("errno");
        }
        return LINKER.downcallHandle(address, signature, all);
    }
}
