package dev.ipcplayground.launcher.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * {@code --hgrm DIR}: each run's latency histogram as an HdrHistogram percentile distribution,
 * values in microseconds: the file format HdrHistogram's own plotter reads
 * (https://hdrhistogram.github.io/HdrHistogram/plotFiles.html).
 */
public final class HgrmFiles {

    private HgrmFiles() {}

    /**
     * Writes {@code DIR/<name>.hgrm} ({@link #name}); returns the file.
     *
     * @param notDefault the run's settings that are not its transport's defaults: what tells a
     *                   comparison's variants apart, so that each has a file of its own
     */
    public static Path write(Path directory, RunResult run, Map<String, String> notDefault, Histogram latency) throws IOException {
        Path file = directory.resolve(name(run, notDefault) + ".hgrm");
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, java.nio.charset.StandardCharsets.UTF_8)) {
            latency.outputPercentileDistribution(out, 1000.0);
        }
        return file;
    }

    /**
     * A run's file name, as its row in the table names it: {@code pipe-pingpong-64B-r1}, {@code
     * aeron-publish-claim-pingpong-64B-r1} (a setting not the default), {@code pipe-stream-64B-4p-r2}
     * (four producers, second repeat).
     */
    public static String name(RunResult run, Map<String, String> notDefault) {
        StringBuilder name = new StringBuilder(run.transport());
        new TreeMap<>(notDefault).forEach((option, value) -> name.append('-').append(option).append('-').append(value));
        name.append('-').append(run.mode()).append('-').append(run.messageSize()).append('B');
        if (run.producers() > 1) {
            name.append('-').append(run.producers()).append('p');
        }
        return name.append("-r").append(run.repeat()).toString().replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
