package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.rig.Progress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch on the sides' progress words, driven by its clock: a hung run is one that stops moving. */
class StallWatchTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path directory;

    private RunContext run() {
        RunSpec spec = new RunSpec("test", Mode.PINGPONG, 64, 10, 0, Duration.ofSeconds(2), Duration.ZERO, Pin.NONE, Map.of());
        return new RunContext(directory, "t", ProcessHandle.current().pid(), spec);
    }

    @Test
    void aRunThatKeepsMovingIsNeverStalledHoweverLongItTakes() throws Exception {
        RunContext run = run();
        Progress producer = Progress.of(run, Role.PRODUCER);
        StallWatch watch = new StallWatch(run, run.spec().timeout(), 0);
        for (long second = 1; second <= 100; second++) {
            producer.reached(second);
            assertThat(watch.stalled(second * SECOND)).as("at %d s", second).isFalse();
        }
    }

    @Test
    void aRunThatStopsMovingIsStalledOnceTheTimeoutHasPassedSinceItsLastMessage() throws Exception {
        RunContext run = run();
        Progress consumer = Progress.of(run, Role.CONSUMER);
        StallWatch watch = new StallWatch(run, run.spec().timeout(), 0);
        consumer.reached(41);
        assertThat(watch.stalled(10 * SECOND)).isFalse(); // it moved: counted from now
        assertThat(watch.stalled(11 * SECOND)).isFalse();
        assertThat(watch.stalled(12 * SECOND + 1)).isTrue();
    }

    @Test
    void sidesThatNeverStartAreStalledAfterTheTimeout() {
        StallWatch watch = new StallWatch(run(), Duration.ofSeconds(2), 0);
        assertThat(watch.stalled(2 * SECOND)).isFalse();
        assertThat(watch.stalled(2 * SECOND + 1)).isTrue();
    }
}
