package dev.ipcplayground.fifo;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.os.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** Named pipes: {@code mkfifo(3)}, which the JDK does not offer, bound through the FFM API. */
final class Fifo {

    private static final MethodHandle MKFIFO = Libc.function("mkfifo", true, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private Fifo() {}

    /** Makes a FIFO at {@code path} with {@code mode} (for example 0600), less the umask. */
    static void make(Path path, int mode) throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            if (mkfifo(call.allocateFrom(path.toString()), mode) != 0) {
                throw new NativeException("mkfifo", path.toString(), Libc.errno());
            }
        }
    }

    private static int mkfifo(MemorySegment path, int mode) {
        return Libc.callInt(() -> (int) MKFIFO.invokeExact(Libc.callState(), path, mode));
    }
}
