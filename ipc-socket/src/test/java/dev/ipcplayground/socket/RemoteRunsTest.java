package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code launcher serve} gathering the producers of one run: whoever else comes meanwhile fails the run, not joins it. */
class RemoteRunsTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(60)
    void aProducerOfAnotherRunFailsTheRunItCameInto() throws Exception {
        Serving serving = Serving.start(1);
        HostPort at = serving.at();

        try (Endpoint first = RemoteRuns.start(run("aaaa"), 0, at); Endpoint stranger = RemoteRuns.start(run("bbbb"), 0, at)) {
            serving.done().get(30, TimeUnit.SECONDS);
        }
        assertThat(serving.said())
                .containsPattern("the run failed: a producer of another run \\(.*-bbbb-run\\) came while .*-aaaa-run gathered its 2")
                .contains("served 1 run (--runs 1); stopping");
    }

    private RunContext run(String id) {
        RunSpec spec = new RunSpec("tcp", Mode.PINGPONG, 64, 100, 0, Duration.ofSeconds(20), Duration.ZERO, Pin.NONE,
                Map.of("io", "nio")).withProducers(2);
        return new RunContext(directory, id, ProcessHandle.current().pid(), spec);
    }
}
