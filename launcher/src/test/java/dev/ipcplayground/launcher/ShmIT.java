package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipcplayground.core.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared-memory transport, run by the real launcher with real child JVMs. */
@ExtendWith(NothingLeftBehind.class)
class ShmIT {

    /** An 8 KiB ring: the largest payload is 8192 - 8 - 24 bytes, and 2,000 messages wrap it hundreds of times. */
    private static final String RING = "8k";
    private static final int CAPACITY = 8192 - 32;

    /** The sizes of every strategy and mode, swept in one command (each size still a run of its own, with its own two JVMs). */
    private static final int[] SIZES = {0, 1, 63, 64, 4096, CAPACITY};

    static Stream<Arguments> everyStrategyAndMode() {
        List<Arguments> all = new ArrayList<>();
        for (String wait : new String[] {"block", "spin", "hybrid"}) {
            for (String mode : new String[] {"pingpong", "stream"}) {
                all.add(Arguments.of(wait, mode));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "--wait {0} --mode {1}")
    @MethodSource("everyStrategyAndMode")
    void everyMessageOfEverySizeArrivesIntact(String wait, String mode) throws Exception {
        String sizes = java.util.Arrays.stream(SIZES).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
        var result = LauncherProcess.run("--transport", "shm", "--wait", wait, "--ring-size", RING,
                "--size", sizes, "--mode", mode, "--count", "2000", "--warmup", "300", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode runs = result.json().get("runs");
        assertThat(runs).hasSize(SIZES.length);
        for (int i = 0; i < SIZES.length; i++) {
            JsonNode run = runs.get(i);
            assertThat(run.get("settings").get("wait").asText()).isEqualTo(wait);
            assertThat(run.get("settings").get("ring-size").asText()).isEqualTo("8192");
            assertThat(run.get("messageSize").asInt()).isEqualTo(SIZES[i]);
            PipeIT.assertVerifiedAndCosted(run, 2300);
        }
    }

    @ParameterizedTest(name = "--wait {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"block", "spin"})
    void theCompiledLoopAllocatesNothingPerMessage(String wait) throws Exception {
        PipeIT.assertNoAllocationPerMessage("--transport", "shm", "--wait", wait, "--count", "20k", "--warmup", "20k",
                "--format", "json");
    }

    @Test
    void theDefaultRunBlocksOnSemaphoresAndSaysSo() throws Exception {
        var result = LauncherProcess.run("--transport", "shm", "--count", "2000", "--warmup", "500");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("shm · pingpong · 64 B payload").contains("--wait block")
                .contains("--ring-size 1048576").contains("0 lost");
    }

    @Test
    void spinningMakesNoSystemCallsOnTheFastPath() throws Exception {
        var result = LauncherProcess.run("--transport", "shm", "--wait", "spin", "--count", "20000", "--warmup", "5000",
                "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode cost = result.run().get("cost");
        // A spinning side never sleeps: fewer voluntary switches than one per hundred messages.
        assertThat(cost.get("producer").get("voluntarySwitchesPerMessage").asDouble()).isLessThan(0.01);
        assertThat(cost.get("consumer").get("voluntarySwitchesPerMessage").asDouble()).isLessThan(0.01);
    }

    @Test
    void aStalledConsumerHoldsTheProducerBackAndNothingIsLost() throws Exception {
        var launcher = LauncherProcess.start("--transport", "shm", "--ring-size", "4k", "--mode", "stream",
                "--count", "400k", "--warmup", "1000", "--format", "json");
        ProcessHandle consumer = launcher.awaitChild(Role.CONSUMER, Duration.ofMillis(300));
        LauncherProcess.signal(consumer, "STOP");
        Thread.sleep(1000); // the ring (4 KiB, 42 messages) fills at once; the producer must wait
        LauncherProcess.signal(consumer, "CONT");

        var result = launcher.await(Duration.ofMinutes(2));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        PipeIT.assertVerifiedAndCosted(result.run(), 401_000);
    }
}
