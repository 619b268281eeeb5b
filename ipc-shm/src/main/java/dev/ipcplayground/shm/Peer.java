package dev.ipcplayground.shm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The other process, as far as the shared file knows it: its pid, which it writes into the file
 * header when it maps the file. A side that has waited a while asks whether the peer still
 * lives, so a dead peer ends the wait with a reason instead of a hang.
 */
final class Peer {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment file;
    private final long pidOffset;
    private final String role;

    Peer(MemorySegment file, long pidOffset, String role) {
        this.file = file;
        this.pidOffset = pidOffset;
        this.role = role;
    }

    /** @throws IOException when the peer has mapped the file and is no longer alive */
    void checkAlive(String waitingFor) throws IOException {
        long pid = (long) LONG.getVolatile(file, pidOffset);
        if (pid == 0) {
            return; // it has not mapped the file yet; the launcher watches it until then
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IOException("the " + role + " (pid " + pid + ") is gone: it died while this side waited for "
                    + waitingFor);
        }
    }
}
