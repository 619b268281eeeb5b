package dev.ipcplayground.launcher;

import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.Transports;
import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.os.Processes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code launcher clean}: removes what runs left behind when their launcher was killed with
 * SIGKILL (the one signal that leaves no chance to clean up).
 *
 * <p>Every run has a directory named {@code ipc-playground-<launcher pid>-<run id>} that holds
 * its {@code run.json}, and every OS object outside it is named after the same pid and id. A
 * directory whose launcher is gone is stale: its run file says which transport made what, so
 * that transport's own cleanup removes the objects (semaphores, queues), then the directory
 * goes. A run whose launcher lives is never touched, nor is anything without our prefix.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Removes the files, semaphores and queues of runs whose launcher was killed, and lists them.")
final class CleanCommand implements Callable<Integer> {

    private static final Pattern RUN_DIRECTORY = Pattern.compile(Pattern.quote(RunDirectory.PREFIX) + "(\\d+)-([0-9a-f]+)");
    private static final Pattern SEMAPHORE = Pattern.compile("sem\\." + Pattern.quote(RunContext.OBJECT_PREFIX) + "(\\d+)-([0-9a-f]+)-.*");

    @ParentCommand
    Launcher parent;

    @Option(names = "--dry-run", description = "Only list what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = parent.command.commandLine().getOut();
        int removed = 0;
        for (Path parentDirectory : RunDirectory.parents()) {
            for (Path entry : list(parentDirectory)) {
                removed += cleanRunDirectory(entry, out); // its transport removes its semaphores and queues
            }
            for (Path entry : list(parentDirectory)) {
                removed += cleanOrphanSemaphore(entry, out);
            }
        }
        out.println(removed == 0 ? "nothing to clean" : (dryRun ? "would remove " : "removed ") + removed + " stale run object(s)");
        out.flush();
        return 0;
    }

    /** A stale run: its directory, and what its transport made outside it (semaphores, queues), each listed and counted. */
    private int cleanRunDirectory(Path directory, PrintWriter out) throws IOException {
        Matcher m = RUN_DIRECTORY.matcher(directory.getFileName().toString());
        if (!m.matches() || !Files.isDirectory(directory) || launcherLives(Long.parseLong(m.group(1)))) {
            return 0;
        }
        String stale = "stale run " + directory + " (launcher " + m.group(1) + " is gone)";
        Optional<String> owner = anotherUsers(directory);
        if (owner.isPresent()) {
            out.println(stale + ": it belongs to " + owner.get() + ", and only they or root may remove it; skipped");
            return 0;
        }
        out.println(stale);
        Optional<RunContext> run = readRun(directory);
        Optional<Transport> transport = run.flatMap(CleanCommand::transportOf);
        List<String> outside = transport.map(t -> t.objectsOutside(run.get())).orElse(List.of());
        outside.forEach(object -> out.println("  and its " + object));
        if (!dryRun) {
            run.ifPresent(r -> stopItsChildren(r, out));
            transport.ifPresent(t -> t.cleanup(run.get())); // its semaphores, queues ...
            try (RunDirectory gone = RunDirectory.existing(directory)) {
                // closing removes it
            }
        }
        return 1 + outside.size();
    }

    /** The owner of {@code path} when it is not this user and this user is not root: "user nobody (uid 65534)". */
    private static Optional<String> anotherUsers(Path path) throws IOException {
        int me = Libc.geteuid();
        int owner = (Integer) Files.getAttribute(path, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (me == 0 || owner == me) {
            return Optional.empty();
        }
        return Optional.of("user " + Files.getOwner(path, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName() + " (uid " + owner + ")");
    }

    /**
     * A semaphore whose run directory is already gone (a launcher killed while cleaning up); one
     * whose directory is still there belongs to that run, listed with it.
     */
    private int cleanOrphanSemaphore(Path file, PrintWriter out) throws IOException {
        Matcher m = SEMAPHORE.matcher(file.getFileName().toString());
        if (!m.matches() || launcherLives(Long.parseLong(m.group(1)))
                || RunDirectory.parents().stream().anyMatch(d -> Files.isDirectory(d.resolve(RunDirectory.PREFIX + m.group(1) + "-" + m.group(2))))) {
            return 0;
        }
        Optional<String> owner = anotherUsers(file);
        if (owner.isPresent()) {
            out.println("stale semaphore " + file + " (launcher " + m.group(1) + " is gone): it belongs to " + owner.get()
                    + ", and only they or root may remove it; skipped");
            return 0;
        }
        out.println("stale semaphore " + file + " (launcher " + m.group(1) + " is gone)");
        if (!dryRun) {
            Files.deleteIfExists(file); // sem_unlink(name) removes exactly this file
        }
        return 1;
    }

    /** Alive and a launcher of ours: a pid reused by another program does not protect a stale run. */
    static boolean launcherLives(long pid) {
        return ProcessHandle.of(pid).filter(p -> Processes.isRunning(p.pid()))
                .flatMap(Processes::commandLine)
                .map(args -> args.stream().anyMatch(a -> a.equals(Launcher.class.getName()) || a.endsWith("launcher.jar")))
                .orElse(false);
    }

    /** Children die with their launcher (PDEATHSIG); should one have survived, it goes now. */
    private static void stopItsChildren(RunContext run, PrintWriter out) {
        ProcessHandle.allProcesses()
                .filter(p -> Processes.commandLine(p).map(args -> args.contains(run.directory().toString())).orElse(false))
                .forEach(p -> {
                    out.println("  stopping its process " + p.pid());
                    p.destroyForcibly();
                    awaitDeath(p);
                });
    }

    /** Until it is dead, it may still write into the directory we are about to delete. */
    private static void awaitDeath(ProcessHandle p) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Processes.isRunning(p.pid()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static Optional<RunContext> readRun(Path directory) {
        try {
            return Optional.of(RunContext.load(directory));
        } catch (IOException e) {
            return Optional.empty(); // killed before it wrote its run file: it made nothing outside the directory yet
        }
    }

    private static Optional<Transport> transportOf(RunContext run) {
        try {
            return Optional.of(Transports.named(run.spec().transport()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return new ArrayList<>(entries.toList());
        }
    }
}
