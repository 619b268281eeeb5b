package dev.ipcplayground.launcher;

import dev.ipcplayground.core.ExitStatus;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunFile;
import dev.ipcplayground.core.Side;
import dev.ipcplayground.core.Topology;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.child.ChildCommand;
import dev.ipcplayground.core.os.Processes;
import dev.ipcplayground.core.rig.SideResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts the child JVMs of a run (the consumer and its producers, one or {@code --producers N})
 * and watches them until all have finished, one has failed, or the run has stopped moving
 * ({@link StallWatch}). Every wait here has a deadline; whatever goes wrong, {@link #stopAll}
 * leaves no child alive.
 *
 * <p>A side that another side started (the pipe's consumer, or its producers) is not this
 * process's child: it is watched through the pid file it writes, and its parent records how it
 * ended ({@link RunFile#EXIT}).
 */
final class Supervisor {

    private static final long POLL_MILLIS = 5;

    private final Transport transport;
    private final RunContext run;
    private final int producers;
    /**
     * Sides another side started are looked at this often, not at every poll: reading their pid
     * files and /proc costs CPU, which on a small machine the measured sides would share.
     */
    private static final long GRANDCHILD_CHECK_NANOS = 100_000_000L;
    private long lastGrandchildCheck;
    private final boolean inOneJvm;
    /** The out-of-memory killer's count when the run began: a SIGKILL is then said to be its, or not. */
    private final long oomKillsBefore = OomKills.now();
    private final List<Child> children = new CopyOnWriteArrayList<>();

    /** A child this launcher started. */
    private record Child(Side side, Process process, String name) { }

    /** Every side's results: each producer's, in the order of their indexes, and the consumer's. */
    record Outcome(List<SideResult> producers, SideResult consumer) {
        /** The first producer's: the one producer of a run of one. */
        SideResult producer() {
            return producers.getFirst();
        }
    }

    Supervisor(Transport transport, RunContext run) {
        this.transport = transport;
        this.run = run;
        this.producers = run.spec().producers();
        this.inOneJvm = transport.topology(run.spec()) == Topology.IN_PROCESS;
    }

    Outcome run() throws RunFailure, IOException {
        long deadline = System.nanoTime() + run.spec().timeout().toNanos(); // for the consumer to be ready
        // Start the consumer first and wait until it listens, so the producers find it ready.
        // (For the pipe one producer starts the consumer itself, or the consumer its producers: pipes only join relatives.)
        // (With --connect the consumer runs on another host; the producer brings its result back.)
        Topology topology = transport.topology(run.spec());
        if (topology == Topology.LAUNCHER_STARTS_BOTH || topology == Topology.CONSUMER_STARTS_PRODUCERS) {
            Child consumer = start(Side.CONSUMER);
            awaitReady(consumer, deadline);
        }
        if (topology == Topology.IN_PROCESS) {
            start(Side.producer(0)); // one JVM, in which every side runs
        } else if (topology != Topology.CONSUMER_STARTS_PRODUCERS) {
            for (int i = 0; i < producers; i++) {
                start(Side.producer(i));
            }
        }
        awaitExits(new StallWatch(run, run.spec().timeout(), System.nanoTime()));
        List<SideResult> results = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            results.add(result(Side.producer(i)));
        }
        return new Outcome(results, result(Side.CONSUMER));
    }

    private Child start(Side side) throws IOException {
        Process process = ChildCommand.builder(side, run, transport)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Child child = new Child(side, process, name(side, process.pid()));
        children.add(child);
        return child;
    }

    /** "the consumer (pid 4242)", "producer 2 (pid 4250)". */
    private String name(Side side, long pid) {
        return side.describe(producers) + " (pid " + pid + ")";
    }

    private void awaitReady(Child consumer, long deadline) throws RunFailure {
        Path ready = RunFile.READY.of(run, Role.CONSUMER);
        while (!Files.exists(ready)) {
            if (!consumer.process().isAlive()) {
                throw failed(consumer);
            }
            if (System.nanoTime() > deadline) {
                throw new RunFailure(consumer.name() + " was not ready within " + human(run.spec().timeout())
                        + " (--timeout)" + logTail(Side.CONSUMER));
            }
            sleep();
        }
    }

    /**
     * Waits until every child has exited with 0; the first that does not ends the run, and so does
     * a run in which no message has moved for {@code --timeout}.
     */
    private void awaitExits(StallWatch stall) throws RunFailure {
        while (true) {
            boolean allDone = true;
            for (Child child : children) {
                if (child.process().isAlive()) {
                    allDone = false;
                } else if (child.process().exitValue() != 0) {
                    if (child.process().exitValue() <= 128) {
                        blameRecordedGrandchild(); // it failed, not killed: perhaps because the side it started died
                    }
                    throw failed(rootCause(child));
                }
            }
            if (allDone) {
                return;
            }
            checkGrandchildren();
            if (stall.stalled(System.nanoTime())) {
                String running = children.stream().filter(c -> c.process().isAlive()).map(Child::name)
                        .collect(Collectors.joining(" and "));
                throw new RunFailure("no message moved for " + human(run.spec().timeout()) + " (--timeout): "
                        + running + " still running, maybe hung; stopped it" + logTails(Side.all(producers)));
            }
            sleep();
        }
    }

    /**
     * The sides this launcher did not start (another side did), found by their pid files: one that
     * is gone without a result ends the run, named, with how its parent saw it end.
     */
    private void checkGrandchildren() throws RunFailure {
        long now = System.nanoTime();
        if (children.size() == producers + 1 || inOneJvm || now - lastGrandchildCheck < GRANDCHILD_CHECK_NANOS) {
            return; // every side is our own child, or all run in one; or looked a moment ago
        }
        lastGrandchildCheck = now;
        for (Side side : grandchildren()) {
            Optional<Long> pid = RunFile.PID.pid(run, side);
            if (pid.isPresent() && !Processes.isRunning(pid.get()) && !Files.exists(RunFile.RESULT.of(run, side))) {
                String how = exitOf(side);
                if (how.isEmpty()) { // no death recorded by its parent: it may have died with it (PDEATHSIG)
                    blameOwnChildFirst();
                }
                throw new RunFailure(name(side, pid.get()) + " " + (how.isEmpty() ? "died before it finished" : how)
                        + logTail(side) + logTail(Side.CONSUMER));
            }
        }
    }

    /** The sides another side started (a pipe's consumer, fan-in producers), not this launcher. */
    private List<Side> grandchildren() {
        return Side.all(producers).stream().filter(side -> children.stream().noneMatch(c -> c.side().equals(side))).toList();
    }

    /**
     * A side this launcher started failed (not by a signal): if a side it started in turn is dead
     * and its death recorded (a pipe's consumer killed; the parent records it before failing), that
     * death is the news, not the failure it caused.
     */
    private void blameRecordedGrandchild() throws RunFailure {
        for (Side side : grandchildren()) {
            Optional<Long> pid = RunFile.PID.pid(run, side);
            Path exit = RunFile.EXIT.of(run, side);
            if (pid.isPresent() && !Processes.isRunning(pid.get()) && Files.exists(exit)) {
                String how;
                try {
                    how = Files.readString(exit).trim();
                } catch (IOException e) {
                    continue;
                }
                throw new RunFailure(name(side, pid.get()) + " " + how + logTail(side) + logTail(Side.producer(0)));
            }
        }
    }

    /**
     * When a side that another side started is found dead, its parent may have died first and taken
     * it along (PDEATHSIG): give this launcher's own children a moment to show that, and report the
     * one that failed, as the cause.
     */
    private void blameOwnChildFirst() throws RunFailure {
        for (Child child : children) {
            try {
                if (child.process().waitFor(300, TimeUnit.MILLISECONDS) && child.process().exitValue() != 0) {
                    throw failed(rootCause(child));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How a side another side started ended, as its parent recorded it; waits a moment for the parent to write it. */
    private String exitOf(Side side) {
        Path file = RunFile.EXIT.of(run, side);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            sleep();
        }
        try {
            return Files.exists(file) ? Files.readString(file).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * When one side fails, the other usually fails a moment later because its peer is gone. The
     * interesting one is the side that was killed: give the other a moment to show itself.
     */
    private Child rootCause(Child first) {
        if (first.process().exitValue() > 128) {
            return first;
        }
        for (Child other : children) {
            if (other != first) {
                try {
                    if (other.process().waitFor(300, TimeUnit.MILLISECONDS) && other.process().exitValue() > 128) {
                        return other;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return first;
    }

    private RunFailure failed(Child child) {
        Side peer = child.side().role() == Role.PRODUCER ? Side.CONSUMER : Side.producer(0);
        int exit = child.process().exitValue();
        // A side that failed by itself said why as its last words (ChildMain): they belong on the line the user reads first.
        List<String> lines = logLines(child.side());
        Optional<String> why = exit > 128 ? Optional.empty() : lastWords(child.side(), lines);
        return new RunFailure(child.name() + " " + ExitStatus.describe(exit) + why.map(w -> ": " + w).orElse("")
                + (exit == 128 + 9 ? OomKills.explainKill(oomKillsBefore) : "")
                + tail(child.side(), why.isPresent() ? lines.subList(0, lines.size() - 1) : lines) + logTail(peer));
    }

    /** What {@code side} said last as it failed ({@code "<side> failed: why"}, ChildMain's last line), without its prefix. */
    private static Optional<String> lastWords(Side side, List<String> lines) {
        String last = lines.isEmpty() ? "" : lines.getLast();
        String prefix = side.key() + " failed: ";
        return last.startsWith(prefix) ? Optional.of(last.substring(prefix.length())) : Optional.empty();
    }

    private SideResult result(Side side) throws RunFailure, IOException {
        Path file = RunFile.RESULT.of(run, side);
        if (!Files.exists(file)) {
            throw new RunFailure(side.describe(producers) + " exited without writing its result" + logTail(side));
        }
        try {
            return SideResult.read(Files.readAllBytes(file), side.describe(producers));
        } catch (IOException e) {
            throw new RunFailure(e.getMessage());
        }
    }

    /**
     * Stops every process of the run that is still alive: the children this launcher started with
     * their descendants, and every process that wrote a pid file into the run directory (a child
     * one of the sides started itself, as the pipe's producer does).
     */
    void stopAll() {
        List<ProcessHandle> alive = new ArrayList<>();
        for (Child child : children) {
            alive.add(child.process().toHandle());
            child.process().toHandle().descendants().forEach(alive::add);
        }
        for (Side side : Side.all(producers)) {
            ofThisRun(side).ifPresent(alive::add);
        }
        alive.removeIf(p -> !p.isAlive());
        alive.forEach(ProcessHandle::destroyForcibly);
        // Dead is enough: the pipe's consumer is not our child, and as an orphan it stays a zombie
        // until init collects it, which can take seconds (onExit() would wait for that).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ProcessHandle p : alive) {
            while (Processes.isRunning(p.pid()) && System.nanoTime() < deadline) {
                sleep();
            }
            if (Processes.isRunning(p.pid())) {
                System.err.println("launcher: process " + p.pid() + " of the run did not stop within 2 s");
            }
        }
    }

    /** The process whose pid file {@code side} wrote, if it lives and is still ours: its command line names this run's directory. */
    private Optional<ProcessHandle> ofThisRun(Side side) {
        return RunFile.PID.pid(run, side).flatMap(ProcessHandle::of).filter(p -> Processes.commandLine(p)
                .map(args -> args.contains(run.directory().toString())).orElse(false));
    }

    /** The last lines each of {@code sides} wrote to stderr. */
    private String logTails(List<Side> sides) {
        return sides.stream().map(this::logTail).collect(Collectors.joining());
    }

    /** The last lines a child wrote to stderr, indented, or nothing. */
    private String logTail(Side side) {
        return tail(side, logLines(side));
    }

    /** The last five of {@code lines}, indented, each marked as {@code side}'s stderr; or nothing. */
    private static String tail(Side side, List<String> lines) {
        List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
        return tail.isEmpty() ? "" : "\n  " + side.key() + " stderr: " + String.join("\n  " + side.key() + " stderr: ", tail);
    }

    /** The lines a child wrote to stderr, but blank ones; none if it wrote none or they cannot be read. */
    private List<String> logLines(Side side) {
        try {
            Path log = RunFile.LOG.of(run, side);
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
