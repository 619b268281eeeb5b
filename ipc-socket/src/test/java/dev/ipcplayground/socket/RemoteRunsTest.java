package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.rig.ProducerRig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launcher serve} gathering the producers of one run: whoever else comes meanwhile is
 * refused, not let in, and the run it came into goes on once its own producers have all come.
 */
class RemoteRunsTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(60)
    void aProducerOfAnotherRunIsRefusedAndTheRunItCameIntoGoesOn() throws Exception {
        Serving serving = Serving.start(1);
        HostPort at = serving.at();

        CompletableFuture<Void> first = producer(at, "aaaa", 0); // waits for producer 1 before serve says go
        serving.awaitLog("run from 127.0.0.1:", 1);
        assertThatThrownBy(() -> RemoteRuns.start(run("bbbb"), 0, at))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused the run: serve is gathering the 2 producers of another run (")
                .hasMessageContaining("-aaaa-run); try again when it ends");
        CompletableFuture<Void> second = producer(at, "aaaa", 1);
        CompletableFuture.allOf(first, second).get(30, TimeUnit.SECONDS);
        serving.done().get(30, TimeUnit.SECONDS);

        assertThat(serving.said()).containsPattern("refused 127\\.0\\.0\\.1:\\d+: serve is gathering the 2 producers")
                .containsPattern("done: \\d+ received, every one intact").contains("served 1 run (--runs 1); stopping");
    }

    @Test
    @Timeout(60)
    void producersThatDoNotAllComeAreToldWhyAndServingGoesOn() throws Exception {
        Serving serving = Serving.start(1);
        RunContext alone = new RunContext(directory, "alone", ProcessHandle.current().pid(), new RunSpec("tcp", Mode.PINGPONG,
                64, 100, 0, Duration.ofSeconds(2), Duration.ZERO, Pin.NONE, Map.of("io", "nio")).withProducers(2));
        assertThatThrownBy(() -> RemoteRuns.start(alone, 0, serving.at())).isInstanceOf(IOException.class)
                .hasMessageEndingWith("refused the run: the run failed before it began: 1 of 2 producers did not come within 2 s");
        CompletableFuture.allOf(producer(serving.at(), "whole", 0), producer(serving.at(), "whole", 1)).get(30, TimeUnit.SECONDS);
        serving.done().get(30, TimeUnit.SECONDS);
        assertThat(serving.said()).containsPattern("done: \\d+ received, every one intact");
    }

    private CompletableFuture<Void> producer(HostPort at, String id, int index) {
        return CompletableFuture.runAsync(() -> {
            RunContext run = run(id);
            try (Endpoint producer = RemoteRuns.start(run, index, at)) {
                new ProducerRig(run, producer, index).run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> Thread.ofPlatform().name("producer " + index).start(task));
    }

    private RunContext run(String id) {
        RunSpec spec = new RunSpec("tcp", Mode.PINGPONG, 64, 100, 0, Duration.ofSeconds(20), Duration.ZERO, Pin.NONE,
                Map.of("io", "nio")).withProducers(2);
        return new RunContext(directory, id, ProcessHandle.current().pid(), spec);
    }
}
