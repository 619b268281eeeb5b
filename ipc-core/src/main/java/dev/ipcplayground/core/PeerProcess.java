package dev.ipcplayground.core;

import dev.ipcplayground.core.child.ChildMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The other side of a run, found by the pid file it writes into the run directory when it
 * starts. A transport whose waits the kernel cannot end when the peer dies (a message queue, a
 * journal that is polled) asks this between timed waits.
 */
public final class PeerProcess {

    private final Path pidFile;
    private final Role role;
    private long pid;

    public PeerProcess(RunContext run, Role role) {
        this.pidFile = run.file(role.key() + ChildMain.PID_SUFFIX);
        this.role = role;
    }

    /**
     * @throws IOException naming the peer, when it started and is no longer alive. A peer that
     *                     has not started yet is not dead: the launcher watches it until then.
     */
    public void checkAlive(String waitingFor) throws IOException {
        if (pid == 0) {
            if (!Files.exists(pidFile)) {
                return;
            }
            pid = Long.parseLong(Files.readString(pidFile).trim());
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IOException("the " + role.key() + " (pid " + pid + ") is gone: it died while this side waited for "
                    + waitingFor);
        }
    }
}
