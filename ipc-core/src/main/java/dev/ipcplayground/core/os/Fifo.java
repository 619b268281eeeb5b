package dev.ipcplayground.core.os;

import java.lang.foreign.Arena;
import java.nio.file.Path;

/** Named pipes: {@code mkfifo(3)}, which the JDK does not offer. */
public final class Fifo {

    private Fifo() {}

    /** Makes a FIFO at {@code path} with {@code mode} (for example 0600), less the umask. */
    public static void make(Path path, int mode) throws NativeException {
        try (Arena call = Arena.ofConfined()) {
            if (Libc.mkfifo(call.allocateFrom(path.toString()), mode) != 0) {
                throw new NativeException("mkfifo", path.toString(), Libc.errno());
            }
        }
    }
}
