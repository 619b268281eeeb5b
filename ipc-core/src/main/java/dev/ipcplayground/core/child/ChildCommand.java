package dev.ipcplayground.core.child;

import dev.ipcplayground.core.ExitStatus;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunFile;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.Side;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.rig.Placement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: the same JDK and class path as this JVM, small fixed heap,
 * the transport's own options, then {@link ChildMain} with the role, the run directory and the
 * pid of the parent it must not outlive.
 */
public final class ChildCommand {

    /** Options every child gets; see the README's "What a run does". */
    static final List<String> BASE_OPTIONS = List.of(
            "--enable-native-access=ALL-UNNAMED", // FFM calls into libc, without a warning
            "-XX:+UseSerialGC",                    // one GC thread; a run allocates nothing anyway
            "-XX:-UsePerfData",                    // no /tmp/hsperfdata file to leave behind
            "-XX:+DisplayVMOutputToStderr",        // stdout may be the transport: keep it clean
            "-Xss1m");

    private ChildCommand() {}

    /**
     * A process builder for the child: its stderr appends to {@code <role>.log} in the run
     * directory, where the launcher reads the tail when something goes wrong; stdin and stdout
     * are left to the caller (they are the transport for the pipe).
     */
    public static ProcessBuilder builder(Role role, RunContext run, Transport transport) {
        return builder(new Side(role, 0), run, transport);
    }

    /** The same for one side of several: producer {@code i} of {@code --producers N}. */
    public static ProcessBuilder builder(Side side, RunContext run, Transport transport) {
        return new ProcessBuilder(of(side, run, transport))
                .redirectError(ProcessBuilder.Redirect.appendTo(RunFile.LOG.of(run, side).toFile()));
    }

    public static List<String> of(Role role, RunContext run, Transport transport) {
        return of(new Side(role, 0), run, transport);
    }

    public static List<String> of(Side side, RunContext run, Transport transport) {
        Role role = side.role();
        List<String> command = new ArrayList<>();
        // Pinned, the messaging thread pins itself once it starts (Pin#pinMessagingThread). Everything
        // else in the JVM (JIT compilers, GC) goes to the CPUs left over, set before exec so that every
        // thread inherits it; with none left over, it runs wherever the scheduler puts it.
        BitSet rest = run.spec().pin().restOfJvm(allowedCpus());
        if (!rest.isEmpty()) {
            command.addAll(List.of("taskset", "--cpu-list", Placement.cpuList(rest)));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BASE_OPTIONS);
        command.addAll(ClassDataSharing.options(run.spec().transport() + "-" + role.key(), side.index() == 0));
        command.add("-Xms" + heapMegabytes(run) + "m");
        command.add("-Xmx" + heapMegabytes(run) + "m");
        command.addAll(transport.childJvmOptions());
        if (run.spec().sampleAllocations()) {
            command.addAll(List.of("-XX:TLABSize=16k", "-XX:-ResizeTLAB")); // samples come at TLAB refills: often, when small
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildMain.class.getName());
        command.add(side.key());
        command.add(run.directory().toString());
        command.add(Long.toString(ProcessHandle.current().pid()));
        return command;
    }

    /**
     * Records {@code child}'s pid ({@link RunFile#PID}) and how it ended, if it ended badly
     * ({@link RunFile#EXIT}): the launcher is not its parent and cannot learn its exit status.
     */
    public static void recordExit(RunContext run, Side side, Process child) {
        try {
            // Its pid now, before its JVM can write it: a child killed while starting is still known, and named.
            RunFile.PID.write(run, side, Long.toString(child.pid()).getBytes());
        } catch (IOException e) {
            // the run directory is going: the run is over anyway
        }
        child.onExit().thenAccept(ended -> recordEnded(run, side, ended));
        STARTED.add(new Started(run, side, child));
    }

    private record Started(RunContext run, Side side, Process child) { }

    /** The children this side started and records, for {@link #recordChildrenBeforeFailing}. */
    private static final java.util.List<Started> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A side about to exit because its run failed: the failure is often a child's death (a pipe's
     * consumer killed, a fan-in producer gone), whose asynchronous record may not be written yet.
     * Gives each child it started up to {@code within} in all to end, and records how it did, so
     * that the launcher names the child, not this side.
     */
    public static void recordChildrenBeforeFailing(java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (Started started : STARTED) {
            try {
                started.child().waitFor(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            recordEnded(started.run(), started.side(), started.child());
        }
    }

    /**
     * Records how {@code child}, which has exited, ended, if badly. Also called by a side that is
     * about to fail because its child died: the asynchronous record of {@link #recordExit} may
     * not be written before this process exits, and the launcher would then blame this side.
     */
    public static void recordEnded(RunContext run, Side side, Process child) {
        if (!child.isAlive() && child.exitValue() != 0) {
            try {
                RunFile.EXIT.write(run, side, ExitStatus.describe(child.exitValue()).getBytes());
            } catch (IOException e) {
                // the run directory is going: the run is over anyway
            }
        }
    }

    /** The CPUs this process may run on, which its children may too. */
    private static BitSet allowedCpus() {
        try {
            return Libc.affinity(Libc.getpid());
        } catch (IOException e) {
            BitSet all = new BitSet();
            all.set(0, Runtime.getRuntime().availableProcessors());
            return all;
        }
    }

    /** Room for the run's few frame buffers (each message size, allocated once) and the histograms. */
    static long heapMegabytes(RunContext run) {
        return 64 + 4L * run.spec().payloadSize() / (1024 * 1024);
    }
}
