package dev.ipcplayground.launcher.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * {@code --hgrm DIR}: each run's latency histogram as an HdrHistogram percentile distribution,
 * values in microseconds: the file format HdrHistogram's own plotter reads
 * (https://hdrhistogram.github.io/HdrHistogram/plotFiles.html).
 */
public final class HgrmFiles {

    private HgrmFiles() {}

    /** Writes {@code DIR/<transport>-<mode>-<size>B-r<repeat>.hgrm} ({@code ...-64B-4p-r1.hgrm} with 4 producers); returns the file. */
    public static Path write(Path directory, RunResult run, Histogram latency) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(run.transport() + "-" + run.mode() + "-" + run.messageSize() + "B"
                + (run.producers() > 1 ? "-" + run.producers() + "p" : "") + "-r" + run.repeat() + ".hgrm"); // 4p: --producers 4
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, java.nio.charset.StandardCharsets.UTF_8)) {
            latency.outputPercentileDistribution(out, 1000.0);
        }
        return file;
    }
}
