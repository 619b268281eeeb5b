package dev.ipcplayground.launcher.report;

import java.util.List;

/**
 * The whole document: what {@code --format json} prints. {@code version} changes only with an
 * incompatible change.
 *
 * @param runs    every run, each repeat on its own
 * @param summary one entry per transport and size: medians over the repeats, and their spread
 * @param settings the transport settings given on the command line, each with the transports it applied to
 * @param skipped transports and sizes a sweep left out, and why
 * @param warnings where a run cannot be trusted, and why: more spinning sides than free cores, a
 *                 rate not reached, other processes or the hypervisor taking CPU time during it
 */
public record Report(int version, String tool, Environment environment, List<RunResult> runs, List<Summary> summary,
                     List<Given> settings, List<Skip> skipped, List<String> warnings) {

    /** A setting given on the command line ({@code --wait spin}) and the chosen transports that read it. */
    public record Given(String option, String value, List<String> transports) {
        /** "--wait spin applied to shm and chronicle". */
        public String describe() {
            String to = transports.size() == 1 ? transports.getFirst()
                    : String.join(", ", transports.subList(0, transports.size() - 1)) + " and " + transports.getLast();
            return "--" + option + " " + value + " applied to " + to;
        }
    }

    /** A transport and size a sweep left out: larger than the transport can carry. */
    public record Skip(String transport, long messageSize, String reason) { }

    public static final int VERSION = 1;
}
