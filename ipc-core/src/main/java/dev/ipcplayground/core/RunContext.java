package dev.ipcplayground.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where and who a run is: its private directory, its id, the launcher's pid, and its spec.
 * The launcher writes it to {@value #FILE} in the run directory; each child reads it from there,
 * so every process of the run agrees on every name and number.
 *
 * @param directory   the run's private directory (mode 0700), under /dev/shm when it exists
 * @param runId       a short random id, unique among live runs
 * @param launcherPid the pid of the launcher that owns the run
 * @param spec        what the run does
 */
public record RunContext(Path directory, String runId, long launcherPid, RunSpec spec) {

    public static final String FILE = "run.json";
    /** Every OS object a run makes outside its directory starts with this, so it can be found again. */
    public static final String OBJECT_PREFIX = "ipcpg-";

    /**
     * A name for an OS object of this run that lives outside the run directory (a semaphore, a
     * POSIX queue): {@code ipcpg-<launcher pid>-<run id>-<what>}, so a stale one can be traced
     * to its launcher.
     */
    public String objectName(String what) {
        return OBJECT_PREFIX + launcherPid + "-" + runId + "-" + what;
    }

    /** A file inside the run directory. */
    public Path file(String name) {
        return directory.resolve(name);
    }

    /** Writes a file of the run directory whole (to a temporary name, then renamed): a reader polling for it never sees half. */
    public void writeAtomically(String name, byte[] content) throws IOException {
        Path partial = file(name + ".partial");
        Files.write(partial, content);
        Files.move(partial, file(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public void save() throws IOException {
        Json.MAPPER.writeValue(file(FILE).toFile(), this);
    }

    public static RunContext load(Path directory) throws IOException {
        return Json.MAPPER.readValue(Files.readAllBytes(directory.resolve(FILE)), RunContext.class);
    }
}
