package dev.ipcplayground.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files in a run's directory through which the launcher and the children talk, one per side:
 * their names in one place. Each but {@link #PROGRESS} is written whole ({@link #write}), since
 * readers poll for them.
 */
public enum RunFile {
    /** The child's pid, written first thing: who it is, for the launcher and for a peer that watches it. */
    PID(".pid"),
    /** The consumer's end is open: the producer may start (its content: the consumer's pid). */
    READY(".ready"),
    /** What the side measured, as JSON ({@link dev.ipcplayground.core.rig.SideResult}). */
    RESULT(".result.json"),
    /** The side's stderr, whose last lines the launcher shows when something went wrong. */
    LOG(".log"),
    /** How far the side has come: 8 bytes it keeps mapped ({@link dev.ipcplayground.core.rig.Progress}), read by the launcher. */
    PROGRESS(".progress"),
    /**
     * How a side that another side started ended, written by that parent when it ended badly (the
     * pipe's consumer starts its producers): the launcher, which is not their parent, cannot wait
     * for them itself. Its content: "was killed by signal 9 (SIGKILL)".
     */
    EXIT(".exit");

    private final String suffix;

    RunFile(String suffix) {
        this.suffix = suffix;
    }

    /** This file of {@code role} in {@code run}'s directory, e.g. {@code consumer.ready}: the consumer's, or the first producer's. */
    public Path of(RunContext run, Role role) {
        return of(run, new Side(role, 0));
    }

    /** This file of {@code side} in {@code run}'s directory, e.g. {@code producer-2.pid}. */
    public Path of(RunContext run, Side side) {
        return run.file(side.key() + suffix);
    }

    /** Writes the whole file at once (to a temporary name, then renamed): a reader never sees half of it. */
    public void write(RunContext run, Role role, byte[] content) throws IOException {
        write(run, new Side(role, 0), content);
    }

    /** Writes {@code side}'s file whole. */
    public void write(RunContext run, Side side, byte[] content) throws IOException {
        run.writeAtomically(side.key() + suffix, content);
    }

    /** The pid in this file ({@link #PID}, {@link #READY}), if it has been written. */
    public Optional<Long> pid(RunContext run, Role role) {
        return pid(run, new Side(role, 0));
    }

    /** The pid in {@code side}'s file, if it has been written. */
    public Optional<Long> pid(RunContext run, Side side) {
        try {
            Path file = of(run, side);
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // being written: look again later
        }
    }
}
