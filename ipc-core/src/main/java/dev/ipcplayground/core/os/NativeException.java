package dev.ipcplayground.core.os;

import java.io.IOException;

/**
 * A libc call failed. The message names the call, what it was called on, and the kernel's
 * reason: {@code sem_open(/ipcpg-1234-ab12-req-filled): File exists (errno 17)}.
 */
public final class NativeException extends IOException {

    private final int errno;

    public NativeException(String call, String subject, int errno) {
        super(call + "(" + subject + "): " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** The errno the call left, e.g. {@link Libc#EEXIST}. */
    public int errno() {
        return errno;
    }
}
