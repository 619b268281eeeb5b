package dev.ipcplayground.aeron;

import dev.ipcplayground.core.RunContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.io.IOException;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * The media driver of a run, embedded in the consumer's JVM.
 *
 * <p>For IPC the driver carries no message: it creates the log buffers (one file per
 * publication in its directory), links subscribers to publications, and on each duty cycle moves
 * a publication's limit (how far the writer may go: the slowest reader's position plus the term
 * window) and cleans terms every reader has left. One thread does all of it here
 * ({@link ThreadingMode#SHARED}), waking every millisecond: a spinning driver would take one of
 * the two sides' CPUs, and a millisecond's lag only delays the limit, which runs half a term ahead.
 *
 * <p>Embedded in the consumer rather than a process of its own: a run is one pair of processes,
 * and a third would be one more JVM to start, watch and kill; and the driver's CPU then shows in
 * the consumer's JVM CPU, where a reader of the report can see it. Its directory is in the run
 * directory: deleted by the driver when it closes, and with the run directory by the launcher (or
 * {@code launcher clean}) when the consumer dies first.
 */
final class EmbeddedDriver {

    private EmbeddedDriver() {}

    static MediaDriver launch(RunContext run, AeronEndpoint.Errors errors) throws IOException {
        try {
            return MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(run.file(AeronSettings.DIRECTORY).toString())
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .warnIfDirectoryExists(false)
                    .printConfigurationOnStart(false)
                    .errorHandler(errors::record));
        } catch (RuntimeException e) {
            throw new IOException("aeron: the media driver did not start: " + e.getMessage(), e);
        }
    }
}
