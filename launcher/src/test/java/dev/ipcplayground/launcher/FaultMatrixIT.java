package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.os.Processes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The fault matrix: for every transport, each of the three processes killed with SIGKILL at each
 * stage of a run (the launcher itself in the measured phase, and at set-up), a hung child, and the
 * launcher stopped by SIGINT (and SIGTERM, which takes the same path, for one transport per way of
 * starting). Every case ends
 * quickly with a message that says which side and why, and leaves nothing behind
 * ({@link NothingLeftBehind}); after the launcher's own SIGKILL, {@code launcher clean} must
 * remove what it could not.
 *
 * <p>Its cases run three at a time, among themselves ({@code @Execution(CONCURRENT)} on every test
 * method, not the class, which would run beside other classes; the pom's failsafe settings allow
 * it): most of a case is waiting, for JVMs to start and a stage to come, and a case checks what
 * its own runs left ({@link NothingLeftBehind}). The cases that kill a launcher take turns, since
 * each one's {@code launcher clean} removes every stale run, the others' too.
 */
@ExtendWith(NothingLeftBehind.class)
class FaultMatrixIT {

    static final String[] TRANSPORTS = {"pipe", "shm", "fifo", "chronicle", "aeron", "posix-mq", "unix", "tcp", "thread", "vthread", "coroutine"};
    /** These run both sides in one JVM, the "producer" child: there is no consumer process to kill. */
    static final List<String> IN_PROCESS = List.of("thread", "vthread", "coroutine");

    enum Stage {
        /** As soon as the victim exists: the JVM is still starting, nothing is open yet. */
        SET_UP("--count", "100m"),
        /** In a warm-up that never ends. */
        WARM_UP("--warmup", "1000m", "--count", "1"),
        /** In a measured phase that never ends. */
        MEASURED("--warmup", "0", "--count", "100m");

        final String[] args;

        Stage(String... args) {
            this.args = args;
        }
    }

    enum Victim { PRODUCER, CONSUMER, LAUNCHER }

    /**
     * At set-up nothing of the transport is open yet, so there one transport per way of starting
     * stands for the rest: pipe (the consumer is the producer's child), shm (the launcher starts
     * both), thread (one JVM). In the warm-up a side dies in the same calls of its transport as in
     * the measured phase (the rig's two loops differ in what they record, not in how they send),
     * so there too these three stand for the rest. The in-process transports share all their
     * supervision, so thread stands for vthread and coroutine in every case. This keeps the suite
     * within its minutes.
     */
    static final List<String> AT_SET_UP = List.of("pipe", "shm", "thread"), REPRESENTED = List.of("vthread", "coroutine");

    static Stream<Arguments> everyKill() {
        return kills(Victim.PRODUCER, Victim.CONSUMER);
    }

    static Stream<Arguments> everyLauncherKill() {
        return kills(Victim.LAUNCHER);
    }

    private static Stream<Arguments> kills(Victim... victims) {
        List<Arguments> all = new ArrayList<>();
        for (String transport : TRANSPORTS) {
            if (REPRESENTED.contains(transport)) {
                continue;
            }
            for (Victim victim : victims) {
                if (victim == Victim.CONSUMER && IN_PROCESS.contains(transport)) {
                    continue;
                }
                for (Stage stage : Stage.values()) {
                    if ((stage == Stage.SET_UP || stage == Stage.WARM_UP) && !AT_SET_UP.contains(transport)) {
                        continue;
                    }
                    if (victim == Victim.LAUNCHER && stage == Stage.WARM_UP) {
                        continue; // to the launcher, and to what it leaves, the warm-up is the measured phase: one stands for both
                    }
                    all.add(Arguments.of(transport, victim, stage));
                }
            }
        }
        return all.stream();
    }

    private static LauncherProcess start(String transport, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--transport", transport, "--timeout", "5m"));
        args.addAll(List.of(more));
        return LauncherProcess.start(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}: kill -9 the {1} at {2}")
    @MethodSource("everyKill")
    @Execution(ExecutionMode.CONCURRENT)
    void aKillEndsTheRunCleanly(String transport, Victim victim, Stage stage) throws Exception {
        kill(transport, victim, stage);
    }

    @ParameterizedTest(name = "{0}: kill -9 the {1} at {2}")
    @MethodSource("everyLauncherKill")
    @Execution(ExecutionMode.CONCURRENT)
    @org.junit.jupiter.api.parallel.ResourceLock("launcher clean")
    void aKilledLauncherLeavesWhatCleanRemoves(String transport, Victim victim, Stage stage) throws Exception {
        kill(transport, victim, stage);
    }

    private void kill(String transport, Victim victim, Stage stage) throws Exception {
        var launcher = start(transport, stage.args);
        boolean oneJvm = IN_PROCESS.contains(transport);
        Role role = victim == Victim.PRODUCER || oneJvm ? Role.PRODUCER : Role.CONSUMER;
        ProcessHandle child = stage == Stage.SET_UP || IN_PROCESS.contains(transport)
                ? launcher.awaitProcess(role) : launcher.awaitChild(role, Duration.ofMillis(1000));
        if (stage != Stage.SET_UP && IN_PROCESS.contains(transport)) {
            Thread.sleep(1000); // past start-up, into the stage
        }
        List<ProcessHandle> runProcesses = launcher.children();
        ProcessHandle target = victim == Victim.LAUNCHER ? launcher.process().toHandle() : child;
        long killed = System.nanoTime();
        LauncherProcess.signal(target, "KILL");

        if (victim == Victim.LAUNCHER) {
            launcherKilled(launcher, runProcesses, OUTSIDE.getOrDefault(transport, List.of())); // prepare() made them before any child
            return;
        }
        var result = launcher.await(Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("launcher: the run failed: ")
                .contains("the " + role.key() + " (pid " + child.pid() + ")")
                .contains("killed by signal 9 (SIGKILL)");
    }

    /** What a run of these transports makes outside its directory, which {@code clean} must list and count. */
    private static final java.util.Map<String, List<String>> OUTSIDE = java.util.Map.of(
            "posix-mq", List.of("and its POSIX queue /ipcpg-", "and its POSIX queue /ipcpg-"),
            "shm", List.of("and its semaphore /ipcpg-", "and its semaphore /ipcpg-", "and its semaphore /ipcpg-", "and its semaphore /ipcpg-"));

    /**
     * Its children die with it (PDEATHSIG); what it made stays until {@code launcher clean}, whose
     * dry run lists the run and every object outside its directory, and counts them.
     */
    private static void launcherKilled(LauncherProcess launcher, List<ProcessHandle> children, List<String> outside) throws Exception {
        launcher.await(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + 2_000_000_000L;
        // A dead orphan stays a zombie until init collects it (seconds, here): dead is not running.
        while (children.stream().anyMatch(p -> Processes.isRunning(p.pid())) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(children).as("children of a killed launcher, 2 s later").noneMatch(p -> Processes.isRunning(p.pid()));

        StringWriter listed = new StringWriter();
        var dryRun = Launcher.commandLine();
        dryRun.setOut(new PrintWriter(listed, true));
        assertThat(dryRun.execute("clean", "--dry-run")).isZero();
        String stale = "stale run /dev/shm/" + RunDirectory.PREFIX + launcher.process().pid() + "-";
        assertThat(listed.toString()).contains(stale).contains("would remove " + (1 + outside.size()) + " stale run object(s)");
        assertThat(listed.toString().lines().filter(l -> l.startsWith("  and its ")).toList())
                .hasSize(outside.size()).allMatch(l -> outside.stream().anyMatch(l.strip()::startsWith));

        StringWriter out = new StringWriter();
        var cli = Launcher.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("clean")).isZero();
        assertThat(out.toString()).contains(stale).contains("removed " + (1 + outside.size()) + " stale run object(s)");
        // NothingLeftBehind now checks that the clean removed the directory, semaphores and queues.
    }

    /**
     * The stall watch is the launcher's, the same for every transport; what differs is how long a
     * producer can go on writing into a stopped consumer before it too stops moving: a pipe's or a
     * socket's kernel buffer, a ring, Aeron's term. One transport of each.
     */
    static Stream<Arguments> everyWayOfStalling() {
        return Stream.of("pipe", "shm", "thread", "tcp", "aeron").map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWayOfStalling")
    @Execution(ExecutionMode.CONCURRENT)
    void aHungChildIsStoppedByTheTimeout(String transport) throws Exception {
        // 8 s: long enough for two JVMs to start beside the cases running at the same time, which moves no message either
        var launcher = LauncherProcess.start("--transport", transport, "--count", "100m", "--timeout", "8s");
        Role side = IN_PROCESS.contains(transport) ? Role.PRODUCER : Role.CONSUMER;
        ProcessHandle child = IN_PROCESS.contains(transport) ? launcher.awaitProcess(side) : launcher.awaitChild(side, Duration.ofMillis(300));
        Thread.sleep(300);
        LauncherProcess.signal(child, "STOP");

        var result = launcher.await(Duration.ofSeconds(30));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("no message moved for 8s (--timeout)").contains("maybe hung");
    }

    /** The timeout is for a run that stops moving: one that moves for longer than it is left alone. */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aLongRunThatKeepsMovingOutlastsTheTimeout() throws Exception {
        // Starting two JVMs moves no message either: on a loaded machine that can take a few seconds.
        // Paced at 1,000 a second: messages keep moving, and the cores stay free for the cases beside it.
        var result = LauncherProcess.start("--transport", "pipe", "--mode", "rate", "--rate", "1000", "--duration", "11s",
                        "--timeout", "8s", "--format", "csv")
                .await(Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }

    static Stream<Arguments> everyTransportAndSignal() {
        List<Arguments> all = new ArrayList<>();
        for (String transport : TRANSPORTS) {
            if (REPRESENTED.contains(transport)) {
                continue;
            }
            all.add(Arguments.of(transport, "INT", 130));
            if (AT_SET_UP.contains(transport)) { // SIGTERM takes SIGINT's path in the launcher: one transport per way of starting
                all.add(Arguments.of(transport, "TERM", 143));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: SIG{1}")
    @MethodSource("everyTransportAndSignal")
    @Execution(ExecutionMode.CONCURRENT)
    void aSignalStopsBothSidesAndCleansUp(String transport, String signal, int exitCode) throws Exception {
        var launcher = start(transport, Stage.MEASURED.args);
        if (IN_PROCESS.contains(transport)) {
            launcher.awaitProcess(Role.PRODUCER);
            Thread.sleep(800);
        } else {
            launcher.awaitChild(Role.CONSUMER, Duration.ofMillis(800));
        }
        LauncherProcess.signal(launcher.process().toHandle(), signal);

        var result = launcher.await(Duration.ofSeconds(30));
        assertThat(result.exitCode()).isEqualTo(exitCode);
        assertThat(result.stderr().strip())
                .isEqualTo("launcher: stopped by a signal; both sides stopped and the run's files removed");
    }
}
