package dev.ipcplayground.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * The files the user asked for ({@code --chart}, {@code --report}, {@code --hgrm}): checked before
 * anything starts, so that a run of minutes is never lost to a path that could not be written,
 * and written with the user's own umask.
 *
 * <p>The launcher runs with {@code umask 077}, so that all a run makes is private (the run
 * directory, its files, semaphores and queues); the user's own output is not the run's and gets
 * the permissions the user's umask gives (0644 and 0755 with the usual 022).
 */
final class OutputFiles {

    private static int userUmask = 022;

    private OutputFiles() {}

    /** The umask the launcher was started with, before it made its own private. */
    static void rememberUserUmask(int umask) {
        userUmask = umask;
    }

    /**
     * @throws IllegalArgumentException naming the option, the path and why it cannot be written
     */
    static void checkFile(String option, Path file, Set<String> extensions) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (extensions.stream().noneMatch(name::endsWith)) {
            throw new IllegalArgumentException(option + " " + file + ": the name must end in " + String.join(" or ", extensions.stream().sorted().toList()));
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + ": is a directory");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? !canAppendTo(file) : !writableDirectory(parent(file))) {
            throw new IllegalArgumentException(option + " " + file + ": " + whyNot(file));
        }
    }

    /** A directory to write files into: it must exist and be writable; nothing is made for it (a typo would be). */
    static void checkDirectory(String option, Path directory) {
        if (!Files.exists(directory)) {
            throw new IllegalArgumentException(option + " " + directory + ": this directory does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(option + " " + directory + ": this is a file, not a directory");
        }
        if (!writableDirectory(directory)) {
            throw new IllegalArgumentException(option + " " + directory + ": " + whyNot(directory));
        }
    }

    /** Gives a file the user made the permissions of the user's umask. */
    static void ownedByTheUser(Path path) throws IOException {
        int mode = (Files.isDirectory(path) ? 0777 : 0666) & ~userUmask;
        Files.setPosixFilePermissions(path, permissions(mode));
    }

    /**
     * Whether a file can be made in {@code directory}: tried, not guessed from permission bits,
     * which say nothing of /proc or a read-only mount (and nothing at all to root).
     */
    private static boolean writableDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try {
            Files.delete(Files.createTempFile(directory, ".ipcpg-can-write-", ".tmp"));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Opens an existing file for appending, changing nothing: the kernel's answer to "may I write it?". */
    private static boolean canAppendTo(Path file) {
        try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path parent(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private static String whyNot(Path path) {
        Path parent = parent(path);
        if (Files.exists(path)) {
            return Files.isDirectory(path) ? "this directory is not writable" : "this file is not writable";
        }
        if (!Files.exists(parent)) {
            return "its directory " + parent + " does not exist";
        }
        return Files.isDirectory(parent) ? "its directory " + parent + " is not writable" : parent + " is not a directory";
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }
}
