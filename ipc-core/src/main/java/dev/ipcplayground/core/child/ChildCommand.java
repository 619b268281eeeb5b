package dev.ipcplayground.core.child;

import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.Topology;
import dev.ipcplayground.core.Transport;
import java.nio.file.Path;
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
        return new ProcessBuilder(of(role, run, transport))
                .redirectError(ProcessBuilder.Redirect.appendTo(run.file(role.key() + ChildMain.LOG_SUFFIX).toFile()));
    }

    public static List<String> of(Role role, RunContext run, Transport transport) {
        List<String> command = new ArrayList<>();
        // Pinned apart, a one-JVM transport pins its two threads itself; the JVM stays free.
        boolean threadsPinThemselves = transport.topology(run.spec()) == Topology.IN_PROCESS && run.spec().pin() == Pin.APART;
        int cpu = threadsPinThemselves ? -1 : run.spec().pin().cpu(role);
        if (cpu >= 0) {
            // Set before exec, so every thread of the JVM (GC, JIT, ours) inherits it.
            command.addAll(List.of("taskset", "--cpu-list", Integer.toString(cpu)));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BASE_OPTIONS);
        command.add("-Xms" + heapMegabytes(run) + "m");
        command.add("-Xmx" + heapMegabytes(run) + "m");
        command.addAll(transport.childJvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildMain.class.getName());
        command.add(role.key());
        command.add(run.directory().toString());
        command.add(Long.toString(ProcessHandle.current().pid()));
        return command;
    }

    /** Room for the run's few frame buffers (each message size, allocated once) and the histograms. */
    static long heapMegabytes(RunContext run) {
        return 64 + 4L * run.spec().payloadSize() / (1024 * 1024);
    }
}
