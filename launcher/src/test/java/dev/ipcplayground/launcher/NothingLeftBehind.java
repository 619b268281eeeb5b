package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.child.ChildMain;
import dev.ipcplayground.core.os.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test: no run directory, no semaphore or POSIX queue of a run, no Unix socket of a
 * run open, no Aeron directory in its default places, and no child JVM of a run alive (given two
 * seconds to go, as dying takes a moment).
 *
 * <p>Only the test's own runs count: those of the launchers it started
 * ({@link LauncherProcess#OF_THIS_TEST}), or ran in this JVM. A run's every name carries its
 * launcher's pid ({@code ipc-playground-4242-...}, {@code sem.ipcpg-4242-...}), so the runs of
 * tests running beside it ({@code @Execution(CONCURRENT)}), a user's run beside the suite, or a run
 * left by an earlier crash are neither blamed nor touched. No TCP port is checked: a port listens
 * only while a process holds it, and every process of the test's runs is checked gone.
 */
final class NothingLeftBehind implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<Process> launchers = List.copyOf(LauncherProcess.OF_THIS_TEST.get());
        try {
            List<Long> runaway = stopRunawayLaunchers(launchers);
            if (!runaway.isEmpty()) {
                cleanUpAfterThem(); // so that the next test starts clean; this one fails below
            }
            assertThat(runaway).as("launchers still running after their test (stopped now)").isEmpty();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!childJvms().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(childJvms()).as("child JVMs of a run still alive").isEmpty();
            assertThat(leftovers()).as("OS objects of a run left behind").isEmpty();
            assertThat(posixQueues()).as("POSIX message queues of a run left behind").isEmpty();
            assertThat(chronicleAnalytics()).as("Chronicle phoned home (its analytics files in ~)").isEmpty();
            assertThat(aeronDirectories()).as("Aeron directories outside a run (its default is /dev/shm/aeron-USER)").isEmpty();
            assertThat(openSockets()).as("Unix sockets of a run still open (file or abstract name)").isEmpty();
        } finally {
            LauncherProcess.OF_THIS_TEST.get().clear();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LauncherProcess.OF_THIS_TEST.get().clear();
    }

    /** The kernel's list of Unix sockets: any bound to a run's file or to a run's abstract name. */
    static List<String> openSockets() throws Exception {
        return Files.readAllLines(Path.of("/proc/net/unix")).stream()
                .filter(line -> line.contains(RunDirectory.PREFIX) || line.contains("@" + RunContext.OBJECT_PREFIX))
                .filter(NothingLeftBehind::ours)
                .toList();
    }

    /** Socket files (and FIFOs) in the run directories of the launcher {@code launcherPid}: not those of runs beside the suite. */
    static List<Path> socketFiles(long launcherPid) throws Exception {
        try (Stream<Path> all = Files.find(Path.of("/dev/shm"), 2, (p, a) -> a.isOther()
                && p.toString().contains(RunDirectory.PREFIX + launcherPid + "-"))) {
            return all.toList();
        }
    }

    /**
     * POSIX queues live in the kernel's mqueue file system, which this machine does not mount. As
     * root we mount a view of it for a moment; otherwise this check is skipped, and says so.
     */
    static List<String> posixQueues() throws Exception {
        Path view = Files.createTempDirectory("mqueue-view");
        try {
            Process mount = new ProcessBuilder("mount", "-t", "mqueue", "none", view.toString())
                    .redirectErrorStream(true).start();
            if (mount.waitFor() != 0) {
                System.err.println("NothingLeftBehind: cannot mount the mqueue file system (not root?): "
                        + "POSIX queues not checked");
                return List.of();
            }
            try (Stream<Path> queues = Files.list(view)) {
                return queues.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(RunContext.OBJECT_PREFIX))
                        .filter(NothingLeftBehind::ours).toList();
            } finally {
                new ProcessBuilder("umount", view.toString()).start().waitFor();
            }
        } finally {
            Files.deleteIfExists(view);
        }
    }

    /** Where Aeron puts its driver's directory unless told otherwise: /dev/shm/aeron-USER, else in the temporary directory. */
    static List<Path> aeronDirectories() throws Exception {
        List<Path> found = new java.util.ArrayList<>();
        for (Path parent : List.of(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")))) {
            try (Stream<Path> all = Files.list(parent)) {
                all.filter(p -> p.getFileName().toString().startsWith("aeron-") && Files.isDirectory(p)).forEach(found::add);
            }
        }
        return found;
    }

    static List<String> chronicleAnalytics() throws Exception {
        try (Stream<Path> home = Files.list(Path.of(System.getProperty("user.home")))) {
            return home.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".chronicle.analytics")).toList();
        }
    }

    /** A failed test can leave its launcher running: stop it and its children, and report it. */
    static List<Long> stopRunawayLaunchers(List<Process> launchers) {
        List<Long> alive = launchers.stream().filter(Process::isAlive).map(Process::pid).toList();
        for (Process p : launchers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return alive;
    }

    private static void cleanUpAfterThem() throws InterruptedException {
        Thread.sleep(500);
        var cli = Launcher.commandLine();
        cli.setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        cli.execute("clean");
    }

    static List<String> leftovers() throws Exception {
        try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
            return shm.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(RunDirectory.PREFIX) || n.startsWith("sem." + RunContext.OBJECT_PREFIX))
                    .filter(NothingLeftBehind::ours)
                    .toList();
        }
    }

    static List<Long> childJvms() {
        return ProcessHandle.allProcesses()
                .filter(p -> Processes.commandLine(p).map(c -> c.contains(ChildMain.class.getName())
                        && c.stream().anyMatch(NothingLeftBehind::ours)).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static final java.util.regex.Pattern LAUNCHER_PID = java.util.regex.Pattern.compile(
            "(?:" + java.util.regex.Pattern.quote(RunDirectory.PREFIX) + "|" + java.util.regex.Pattern.quote(RunContext.OBJECT_PREFIX)
                    + ")(\\d+)-");

    /** Whether {@code text} names a run of this test: one whose launcher it started, or this JVM. */
    static boolean ours(String text) {
        java.util.regex.Matcher m = LAUNCHER_PID.matcher(text);
        while (m.find()) {
            long pid = Long.parseLong(m.group(1));
            if (pid == ProcessHandle.current().pid() || LauncherProcess.OF_THIS_TEST.get().stream().anyMatch(p -> p.pid() == pid)) {
                return true;
            }
        }
        return false;
    }
}
