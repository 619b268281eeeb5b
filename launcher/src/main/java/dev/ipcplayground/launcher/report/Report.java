package dev.ipcplayground.launcher.report;

import java.util.List;

/** The whole document: what {@code --format json} prints. {@code version} changes only with an incompatible change. */
public record Report(int version, String tool, Environment environment, List<RunResult> runs) {

    public static final int VERSION = 1;
}
