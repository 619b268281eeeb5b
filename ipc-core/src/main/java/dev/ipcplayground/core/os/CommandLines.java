package dev.ipcplayground.core.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The full command line of a process, from {@code /proc/<pid>/cmdline}. Not
 * {@link ProcessHandle.Info#arguments()}: the JDK gives up on long command lines (a child JVM's
 * class path can be thousands of characters) and returns nothing.
 */
public final class CommandLines {

    private CommandLines() {}

    public static Optional<List<String>> of(ProcessHandle process) {
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
}
