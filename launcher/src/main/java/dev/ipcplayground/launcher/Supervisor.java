package dev.ipcplayground.launcher;

import dev.ipcplayground.core.ExitStatus;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunFile;
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
 * Starts the two child JVMs of a run and watches them until both have finished, one has failed,
 * or the run has stopped moving ({@link StallWatch}). Every wait here has a deadline; whatever goes wrong, {@link #stopAll}
 * leaves no child alive.
 */
final class Supervisor {

    private static final long POLL_MILLIS = 5;

    private final Transport transport;
    private final RunContext run;
    private final List<Child> children = new CopyOnWriteArrayList<>();

    /** A child this launcher started. */
    private record Child(Role role, Process process) {
        String name() {
            return "the " + role.key() + " (pid " + process.pid() + ")";
        }
    }

    /** Both sides' results. */
    record Outcome(SideResult producer, SideResult consumer) { }

    Supervisor(Transport transport, RunContext run) {
        this.transport = transport;
        this.run = run;
    }

    Outcome run() throws RunFailure, IOException {
        long deadline = System.nanoTime() + run.spec().timeout().toNanos(); // for the consumer to be ready
        // Start the consumer first and wait until it listens, so the producer finds it ready.
        // (For the pipe the producer starts the consumer itself: pipes only join relatives.)
        // (With --connect the consumer runs on another host; the producer brings its result back.)
        if (transport.topology(run.spec()) == Topology.LAUNCHER_STARTS_BOTH) {
            Child consumer = start(Role.CONSUMER);
            awaitReady(consumer, deadline);
        }
        start(Role.PRODUCER);
        awaitExits(new StallWatch(run, run.spec().timeout(), System.nanoTime()));
        return new Outcome(result(Role.PRODUCER), result(Role.CONSUMER));
    }

    private Child start(Role role) throws IOException {
        Process process = ChildCommand.builder(role, run, transport)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Child child = new Child(role, process);
        children.add(child);
        return child;
    }

    private void awaitReady(Child consumer, long deadline) throws RunFailure {
        Path ready = RunFile.READY.of(run, Role.CONSUMER);
        while (!Files.exists(ready)) {
            if (!consumer.process().isAlive()) {
                throw failed(consumer);
            }
            if (System.nanoTime() > deadline) {
                throw new RunFailure(consumer.name() + " was not ready within " + human(run.spec().timeout())
                        + " (--timeout)" + logTail(Role.CONSUMER));
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
                    throw failed(rootCause(child));
                }
            }
            if (allDone) {
                return;
            }
            if (stall.stalled(System.nanoTime())) {
                String running = children.stream().filter(c -> c.process().isAlive()).map(Child::name)
                        .collect(Collectors.joining(" and "));
                throw new RunFailure("no message moved for " + human(run.spec().timeout()) + " (--timeout): "
                        + running + " still running, maybe hung; stopped it" + logTail(Role.PRODUCER) + logTail(Role.CONSUMER));
            }
            sleep();
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
        return new RunFailure(child.name() + " " + ExitStatus.describe(child.process().exitValue())
                + logTail(child.role()) + (child.role() == Role.PRODUCER ? logTail(Role.CONSUMER) : logTail(Role.PRODUCER)));
    }

    private SideResult result(Role role) throws RunFailure, IOException {
        Path file = RunFile.RESULT.of(run, role);
        if (!Files.exists(file)) {
            throw new RunFailure("the " + role.key() + " exited without writing its result" + logTail(role));
        }
        return Json.MAPPER.readValue(file.toFile(), SideResult.class);
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
        for (Role role : Role.values()) {
            ofThisRun(role).ifPresent(alive::add);
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

    /** The process whose pid file {@code role} wrote, if it lives and is still ours: its command line names this run's directory. */
    private Optional<ProcessHandle> ofThisRun(Role role) {
        return RunFile.PID.pid(run, role).flatMap(ProcessHandle::of).filter(p -> Processes.commandLine(p)
                .map(args -> args.contains(run.directory().toString())).orElse(false));
    }

    /** The last lines a child wrote to stderr, indented, or nothing. */
    private String logTail(Role role) {
        try {
            Path log = RunFile.LOG.of(run, role);
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "" : "\n  " + role.key() + " stderr: " + String.join("\n  " + role.key() + " stderr: ", tail);
        } catch (IOException e) {
            return "";
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
