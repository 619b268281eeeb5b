package dev.ipcplayground.launcher.report;

import java.util.List;

/**
 * The whole document: what {@code --format json} prints. {@code version} changes only with an
 * incompatible change.
 *
 * @param runs    every run, each repeat on its own
 * @param summary one entry per transport and size: medians over the repeats, and their spread
 * @param skipped transports and sizes a sweep left out, and why
 * @param warnings where a run cannot be trusted, and why: more spinning sides than free cores, a
 *                 rate not reached, other processes or the hypervisor taking CPU time during it
 */
public record Report(int version, String tool, Environment environment, List<RunResult> runs, List<Summary> summary,
                     List<Skip> skipped, List<String> warnings) {

    /** A transport and size a sweep left out: larger than the transport can carry. */
    public record Skip(String transport, long messageSize, String reason) { }

    public static final int VERSION = 1;
}
