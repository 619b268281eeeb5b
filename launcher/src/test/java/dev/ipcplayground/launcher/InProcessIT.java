package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Threads, virtual threads and the coroutine: one child JVM, both sides inside, measured like the rest. */
@ExtendWith(NothingLeftBehind.class)
class InProcessIT {

    /** The largest message, 1 MiB, in both thread transports: their slots and both sides' frames fit the child's heap. */
    @ParameterizedTest(name = "{0} --mode stream --size 1m")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"thread", "vthread"})
    void theLargestMessageFitsOneHeap(String transport) throws Exception {
        var result = LauncherProcess.run("--transport", transport, "--mode", "stream", "--size", "1m",
                "--count", "300", "--warmup", "100", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        PipeIT.assertVerifiedAndCosted(result.run(), 400);
    }

    @ParameterizedTest(name = "{0} --mode {1} --size {2}")
    @CsvSource({"thread, pingpong, 64", "thread, stream, 0", "vthread, pingpong, 0", "vthread, stream, 64",
            "coroutine, pingpong, 64", "coroutine, stream, 4096"})
    void bothSidesInOneJvmAreVerifiedLikeTwoProcesses(String transport, String mode, String size) throws Exception {
        var result = LauncherProcess.run("--transport", transport, "--mode", mode, "--size", size,
                "--count", "5000", "--warmup", "1000", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
        JsonNode run = result.run();
        PipeIT.assertVerifiedAndCosted(run, 6000);
        JsonNode cost = run.get("cost");
        assertThat(cost.get("producer").get("pid").asLong()).as("one JVM").isEqualTo(cost.get("consumer").get("pid").asLong());
        if (!transport.equals("thread")) {
            // Virtual threads on one carrier and the coroutine switch in user space: no kernel sleeps.
            assertThat(cost.get("producer").get("voluntarySwitchesPerMessage").asDouble()).isLessThan(0.01);
        }
    }
}
