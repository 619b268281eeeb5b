package dev.ipcplayground.core.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What {@code /proc} says about a process, where the JDK's {@link ProcessHandle} falls short. */
public final class Processes {

    private Processes() {}

    /**
     * The full command line, from {@code /proc/<pid>/cmdline}. Not
     * {@link ProcessHandle.Info#arguments()}: the JDK gives up on long command lines (a child JVM's
     * class path can be thousands of characters) and returns nothing. Empty for a zombie.
     */
    public static Optional<List<String>> commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            if (raw.length == 0) {
                return Optional.empty(); // a zombie, or a kernel thread
            }
            return Optional.of(List.of(new String(raw, 0, raw.length - 1).split("\0")));
        } catch (IOException e) {
            return Optional.empty(); // gone
        }
    }

    /**
     * True while the process runs. Not {@link ProcessHandle#isAlive()}, which also counts a zombie:
     * a process that has died but whose parent has not collected its exit status yet. An orphan's
     * new parent (init) may take seconds to do that.
     */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2); // the field after "(command name)"
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
