package dev.ipcplayground.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run's private directory: {@code /dev/shm/ipc-playground-<launcher pid>-<run id>}, mode
 * 0700, so only this user can reach what the transports put in it. /dev/shm is a tmpfs (memory,
 * no disk), where a mapped file costs no I/O; elsewhere the system's temporary directory serves.
 * Closing deletes it and everything in it.
 */
final class RunDirectory implements AutoCloseable {

    static final String PREFIX = "ipc-playground-";

    private final Path path;
    private final String runId;

    private RunDirectory(Path path, String runId) {
        this.path = path;
        this.runId = runId;
    }

    static RunDirectory create() throws IOException {
        String runId = HexFormat.of().formatHex(SecureRandom.getSeed(4));
        Path parent = parents().getFirst();
        Path path = parent.resolve(PREFIX + ProcessHandle.current().pid() + "-" + runId);
        Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new RunDirectory(path, runId);
    }

    /** Where run directories are made: /dev/shm if there is one, else the temporary directory. */
    static List<Path> parents() {
        Path shm = Path.of("/dev/shm"), tmp = Path.of(System.getProperty("java.io.tmpdir"));
        return Files.isDirectory(shm) ? List.of(shm, tmp) : List.of(tmp);
    }

    /** An existing run directory, so that closing it deletes it (for {@code launcher clean}). */
    static RunDirectory existing(Path path) {
        return new RunDirectory(path, path.getFileName().toString());
    }

    Path path() {
        return path;
    }

    String runId() {
        return runId;
    }

    /** Deletes the directory and its content; safe to call twice (the shutdown hook may race the run). */
    @Override
    public synchronized void close() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
