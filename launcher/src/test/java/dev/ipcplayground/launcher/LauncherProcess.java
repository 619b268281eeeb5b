package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.child.ChildMain;
import dev.ipcplayground.core.os.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The launcher as users run it: a real JVM process, with its children real JVMs too. */
final class LauncherProcess {

    /**
     * The launchers the test running on this thread started: none may outlive it, and their runs,
     * and only they, are its to check ({@link NothingLeftBehind}). A test's whole life runs on one
     * thread, also when tests run beside each other.
     */
    static final ThreadLocal<List<Process>> OF_THIS_TEST = ThreadLocal.withInitial(ArrayList::new);

    /** A launcher the test started itself (in another network namespace, under another umask): its to answer for. */
    static Process track(Process launcher) {
        OF_THIS_TEST.get().add(launcher);
        return launcher;
    }

    private final Process process;
    private final Path stdout, stderr;
    private final long started = System.nanoTime();

    private LauncherProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * The jar {@code bin/launcher} runs, built by {@code package} before the integration tests: the
     * launcher and its children then run from jars only, as for users, and share their classes'
     * archives (ClassDataSharing) from run to run. Before it is built (a unit test's run), the tests' class path.
     */
    private static final Path JAR = Path.of("target", "launcher.jar");
    private static final Path ARCHIVES = Path.of("target", "cds");

    static LauncherProcess start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** The launcher with {@code environment} added to ours (its children inherit it): a fault to commit, for one. */
    static LauncherProcess start(java.util.Map<String, String> environment, String... args) throws IOException {
        return startWithClassPath(Files.exists(JAR) ? JAR.toAbsolutePath().toString() : System.getProperty("java.class.path"),
                environment, args);
    }

    /** The launcher on a class path of the test's choosing (the test's own, plus a transport only that test adds). */
    static LauncherProcess startWithClassPath(String classPath, String... args) throws IOException {
        return startWithClassPath(classPath, java.util.Map.of(), args);
    }

    private static LauncherProcess startWithClassPath(String classPath, java.util.Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")); // as bin/launcher runs it
        if (classPath.equals(JAR.toAbsolutePath().toString())) {
            Files.createDirectories(ARCHIVES);
            Path own = ARCHIVES.resolve("launcher.jsa"); // stale after a rebuild of the jar, and then never remade: remove it
            if (Files.exists(own) && Files.getLastModifiedTime(own).compareTo(Files.getLastModifiedTime(JAR)) < 0) {
                Files.deleteIfExists(own);
            }
            command.addAll(List.of("-XX:SharedArchiveFile=" + ARCHIVES.toAbsolutePath().resolve("launcher.jsa"),
                    "-XX:+AutoCreateSharedArchive", "-Xlog:cds*=off,aot*=off",
                    "-D" + dev.ipcplayground.core.child.ClassDataSharing.DIRECTORY_PROPERTY + "=" + ARCHIVES.toAbsolutePath()));
        }
        command.addAll(List.of("-cp", classPath, Launcher.class.getName()));
        command.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("launcher", ".out"), err = Files.createTempFile("launcher", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        track(p);
        return new LauncherProcess(p, out, err);
    }

    /** Waits until the launcher has printed {@code text} (a server saying it listens), at most {@code limit}. */
    void awaitOutput(String text, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!Files.readString(stdout).contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("the launcher did not print '" + text + "' within " + limit + "; stdout: " + Files.readString(stdout)
                        + "; stderr: " + Files.readString(stderr));
            }
            Thread.sleep(50);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Runs the launcher to the end (at most two minutes). */
    static Result run(String... args) throws Exception {
        return start(args).await(Duration.ofMinutes(2));
    }

    Result await(Duration limit) throws Exception {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the launcher did not finish within " + limit + "; stderr: " + Files.readString(stderr));
        }
        Result r = new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr),
                Duration.ofNanos(System.nanoTime() - started));
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        return r;
    }

    Process process() {
        return process;
    }

    /** The child JVM playing {@code role}, once it has started (the pipe's consumer is a grandchild). */
    Optional<ProcessHandle> child(Role role) {
        return process.descendants()
                .filter(p -> Processes.commandLine(p).map(args -> {
                    int main = args.indexOf(ChildMain.class.getName());
                    return main >= 0 && main + 1 < args.size() && args.get(main + 1).equals(role.key());
                }).orElse(false))
                .findFirst();
    }

    /** The child JVM playing {@code side} ({@code producer-2}: {@link dev.ipcplayground.core.Side#key()}), once it has started. */
    Optional<ProcessHandle> child(String side) {
        return process.descendants()
                .filter(p -> Processes.commandLine(p).map(args -> {
                    int main = args.indexOf(ChildMain.class.getName());
                    return main >= 0 && main + 1 < args.size() && args.get(main + 1).equals(side);
                }).orElse(false))
                .findFirst();
    }

    /** Waits until the child playing {@code side} exists, then {@code settle} longer. */
    ProcessHandle awaitSide(String side, Duration settle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = child(side);
            if (child.isPresent()) {
                Thread.sleep(settle.toMillis());
                return child.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError(side + " did not start within 60 s");
    }

    /** Waits until both children run, then {@code settle} longer, so they are past start-up. */
    ProcessHandle awaitChild(Role role, Duration settle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (child(Role.PRODUCER).isPresent() && child(Role.CONSUMER).isPresent()) {
                Thread.sleep(settle.toMillis());
                return child(role).orElseThrow();
            }
            if (!process.isAlive()) {
                throw new AssertionError("the launcher ended (exit " + process.exitValue() + ") before both children ran: "
                        + readQuietly(stderr));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the " + role.key() + " did not start within 30 s");
    }

    /** Waits until the child playing {@code role} exists, however early in its life. */
    ProcessHandle awaitProcess(Role role) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = child(role);
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(2);
        }
        throw new AssertionError("the " + role.key() + " did not start within 30 s");
    }

    /** Every child JVM of this launcher's run, grandchildren included. */
    List<ProcessHandle> children() {
        return process.descendants().toList();
    }

    record Result(int exitCode, String stdout, String stderr, Duration took) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(stdout);
        }

        JsonNode run() throws IOException {
            return json().get("runs").get(0);
        }
    }

    static void signal(ProcessHandle process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }
}
