package dev.ipcplayground.mq;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ipcplayground.core.os.Libc;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The POSIX message queue calls ({@code mq_overview(7)}), bound through the FFM API as ipc-core's
 * {@link Libc} binds the calls every side makes: each returns the raw result, and {@link Libc#errno()}
 * tells why one failed. Only this transport uses them, so they live here, with the one structure
 * they take.
 */
final class QueueCalls {

    /** {@code struct mq_attr { long mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs; long __pad[4]; }} */
    static final StructLayout MQ_ATTR = MemoryLayout.structLayout(
            JAVA_LONG.withName("mq_flags"), JAVA_LONG.withName("mq_maxmsg"), JAVA_LONG.withName("mq_msgsize"),
            JAVA_LONG.withName("mq_curmsgs"), MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("__pad"));
    static final VarHandle MAXMSG = field("mq_maxmsg"), MSGSIZE = field("mq_msgsize");

    /** mqd_t mq_open(const char *name, int oflag, ...): mode and attributes are variadic. */
    private static final MethodHandle MQ_OPEN = Libc.function("mq_open", true,
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MQ_TIMEDSEND = Libc.function("mq_timedsend", true,
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
    private static final MethodHandle MQ_TIMEDRECEIVE = Libc.function("mq_timedreceive", true,
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    private static final MethodHandle MQ_CLOSE = Libc.function("mq_close", true, FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle MQ_UNLINK = Libc.function("mq_unlink", true, FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private QueueCalls() {}

    /** mq_open(3) with {@code O_CREAT}'s mode and attributes ({@link #MQ_ATTR}); returns -1 on failure. */
    static int mqOpen(MemorySegment name, int oflag, int mode, MemorySegment attributes) {
        return Libc.callInt(() -> (int) MQ_OPEN.invokeExact(Libc.callState(), name, oflag, mode, attributes));
    }

    /** mq_timedsend(3): the deadline is absolute, on CLOCK_REALTIME; {@code NULL} waits as long as it takes. */
    static int mqTimedsend(int mq, MemorySegment message, long length, int priority, MemorySegment deadline) {
        try { // on the hot path: no lambda (see Libc, before callInt)
            return (int) MQ_TIMEDSEND.invokeExact(Libc.callState(), mq, message, length, priority, deadline);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** mq_timedreceive(3): returns the message's length, or -1. */
    static long mqTimedreceive(int mq, MemorySegment buffer, long capacity, MemorySegment priority, MemorySegment deadline) {
        try { // on the hot path: no lambda (see Libc, before callInt)
            return (long) MQ_TIMEDRECEIVE.invokeExact(Libc.callState(), mq, buffer, capacity, priority, deadline);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int mqClose(int mq) {
        return Libc.callInt(() -> (int) MQ_CLOSE.invokeExact(Libc.callState(), mq));
    }

    static int mqUnlink(MemorySegment name) {
        return Libc.callInt(() -> (int) MQ_UNLINK.invokeExact(Libc.callState(), name));
    }

    private static VarHandle field(String name) {
        return MQ_ATTR.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
