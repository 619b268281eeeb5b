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

    /** An 8 KiB ring: 2,000 messages wrap it hundreds of times. */
    private static final String RING = "8k";

    /**
     * The largest payload in an 8 KiB ring: the textbook ring's records may fill it (8192 - 8 - 24
     * bytes), the fast ring's half of it, Agrona's an eighth (its own limit, less our 24-byte header).
     */
    private static final java.util.Map<String, Integer> LARGEST = java.util.Map.of(
            "textbook", 8192 - 32, "fast", 4096 - 32, "agrona", 1024 - 24);

    /**
     * Every strategy and mode of the default ring, the fast one (hybrid in ping-pong, where it
     * spins and then sleeps), with the sizes that matter (empty, one under and at a cache line,
     * the largest), each swept in one command (each size still a run of its own, with its own two
     * JVMs); the other two rings through two strategies each, in alternating modes, at the edges.
     */
    static Stream<Arguments> everyRingStrategyAndMode() {
        List<Arguments> all = new ArrayList<>();
        for (String wait : new String[] {"block", "spin", "hybrid"}) {
            // hybrid spins, then sleeps: its edge is the round trip's wait, not a stream's
            for (String mode : wait.equals("hybrid") ? new String[] {"pingpong"} : new String[] {"pingpong", "stream"}) {
                all.add(Arguments.of("fast", wait, mode, new int[] {0, 63, 64, LARGEST.get("fast")}));
            }
        }
        // (each ring's every wait strategy runs in RingConcurrentTest and RingPingPongTest, in one JVM)
        String[][] others = {{"textbook", "block", "pingpong"}, {"textbook", "spin", "stream"},
                {"agrona", "block", "stream"}, {"agrona", "hybrid", "pingpong"}};
        for (String[] o : others) {
            all.add(Arguments.of(o[0], o[1], o[2], new int[] {0, LARGEST.get(o[0])}));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "--ring {0} --wait {1} --mode {2}")
    @MethodSource("everyRingStrategyAndMode")
    void everyMessageOfEverySizeArrivesIntact(String ring, String wait, String mode, int[] sizes) throws Exception {
        String sizeList = java.util.Arrays.stream(sizes).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
        var result = LauncherProcess.run("--transport", "shm", "--ring", ring, "--wait", wait, "--ring-size", RING,
                "--size", sizeList, "--mode", mode, "--count", "2000", "--warmup", "300", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode runs = result.json().get("runs");
        assertThat(runs).hasSize(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            JsonNode run = runs.get(i);
            assertThat(run.get("settings").get("ring").asText()).isEqualTo(ring);
            assertThat(run.get("settings").get("wait").asText()).isEqualTo(wait);
            assertThat(run.get("settings").get("ring-size").asText()).isEqualTo("8192");
            assertThat(run.get("messageSize").asInt()).isEqualTo(sizes[i]);
            PipeIT.assertVerifiedAndCosted(run, 2300);
        }
    }

    @ParameterizedTest(name = "--ring {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"textbook", "fast", "agrona"})
    void aMessageOneByteOverTheRingsLimitIsRefusedNamingIt(String ring) throws Exception {
        int tooLarge = LARGEST.get(ring) + 1;
        var result = LauncherProcess.run("--transport", "shm", "--ring", ring, "--ring-size", RING, "--size",
                Integer.toString(tooLarge));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().lines().findFirst().orElseThrow()).startsWith("launcher: --size " + tooLarge
                + " is larger than shm can carry: its limit is " + LARGEST.get(ring) + " bytes").contains("raise --ring-size");
    }

    /** The report says how many records each batch and each read of the peer's counter carried. */
    @Test
    void theFastRingReportsItsBatches() throws Exception {
        var result = LauncherProcess.run("--transport", "shm", "--ring", "fast", "--wait", "spin", "--mode", "stream",
                "--count", "200k", "--warmup", "20k", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode facts = result.run().get("facts");
        assertThat(facts.get("consumer.reading, records per batch").asDouble()).as(facts.toString()).isGreaterThanOrEqualTo(1.0);
        assertThat(facts.get("producer.writing, records per head read").asText()).as(facts.toString())
                .matches("all \\(never read\\)|[0-9]+\\.[0-9]");
    }

    @ParameterizedTest(name = "--ring {0} --wait {1}")
    @org.junit.jupiter.params.provider.CsvSource({"fast, block", "fast, spin", "agrona, spin"})
    void theCompiledLoopAllocatesNothingPerMessage(String ring, String wait) throws Exception {
        // The fast ring sleeps only when it finds the ring empty, and its sleeping path (the Waiter,
        // the semaphore's downcall) is compiled later than the textbook ring's, which passes
        // through sem_wait for every record: before it is, the downcall allocates. 100k to be sure.
        String warmup = wait.equals("block") ? "100k" : "20k";
        PipeIT.assertNoAllocationPerMessage("--transport", "shm", "--ring", ring, "--wait", wait, "--count", "20k",
                "--warmup", warmup, "--format", "json");
    }

    @Test
    void theDefaultRunBlocksOnSemaphoresAndSaysSo() throws Exception {
        var result = LauncherProcess.run("--transport", "shm", "--count", "2000", "--warmup", "500");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("shm · pingpong · 64 B payload").contains("--ring fast").contains("--wait block")
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
