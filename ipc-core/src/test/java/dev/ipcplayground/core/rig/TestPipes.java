package dev.ipcplayground.core.rig;

import dev.ipcplayground.core.os.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Real pipes for tests that read bytes as a transport would. */
final class TestPipes {

    private TestPipes() {}

    /** A new pipe: its read end, then its write end. */
    static int[] pipe() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment fds = call.allocate(ValueLayout.JAVA_INT, 2);
            if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) {
                throw new IllegalStateException("pipe2: " + Libc.strerror(Libc.errno()));
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    /** Writes all of {@code bytes} (blocking while the pipe is full), then closes the write end: end of file. */
    static void writeAndClose(int fd, byte[] bytes) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = call.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
            for (long written = 0; written < bytes.length; ) {
                long n = Libc.write(fd, data.asSlice(written), bytes.length - written);
                if (n < 0) {
                    return; // the reader stopped early (EPIPE): it found the damage
                }
                written += n;
            }
        } finally {
            Libc.close(fd);
        }
    }
}
