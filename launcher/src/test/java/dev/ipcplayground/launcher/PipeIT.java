package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pipe transport, run by the real launcher with real child JVMs. */
@ExtendWith(NothingLeftBehind.class)
class PipeIT {

    @Test
    void pingPongGivesVerifiedRoundTripsInTheDocumentedJson() throws Exception {
        var result = LauncherProcess.run("--transport", "pipe", "--count", "2000", "--warmup", "500", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode doc = result.json();
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.get("environment").get("cores").asInt()).isPositive();
        assertThat(doc.get("environment").get("jdk").asText()).contains("25");
        JsonNode run = result.run();
        assertThat(run.get("transport").asText()).isEqualTo("pipe");
        assertThat(run.get("mode").asText()).isEqualTo("pingpong");
        assertThat(run.get("messageSize").asInt()).isEqualTo(64);
        assertThat(run.get("count").asLong()).isEqualTo(2000);
        assertThat(run.get("latencyKind").asText()).isEqualTo("round-trip");
        JsonNode latency = run.get("latencyNanos");
        assertThat(latency.get("min").asLong()).isPositive()
                .isLessThanOrEqualTo(latency.get("p50").asLong());
        assertThat(latency.get("p50").asLong()).isLessThanOrEqualTo(latency.get("p99").asLong());
        assertThat(latency.get("p99").asLong()).isLessThanOrEqualTo(latency.get("max").asLong());
        assertThat(run.get("throughput").get("messagesPerSecond").asDouble()).isPositive();
        assertVerifiedAndCosted(run, 2500);
    }

    static void assertVerifiedAndCosted(JsonNode run, long messages) {
        JsonNode v = run.get("verification");
        assertThat(v.get("received").asLong()).isEqualTo(messages);
        for (String fault : new String[] {"lost", "duplicated", "reordered", "corrupt"}) {
            assertThat(v.get(fault).asLong()).as(fault).isZero();
        }
        for (String side : new String[] {"producer", "consumer"}) {
            JsonNode cost = run.get("cost").get(side);
            assertThat(cost.get("pid").asLong()).as(side + " pid").isPositive();
            assertThat(cost.get("cpuNanosPerMessage").asDouble()).as(side + " CPU").isPositive();
            assertThat(cost.has("voluntarySwitchesPerMessage")).isTrue();
            assertThat(cost.has("involuntarySwitchesPerMessage")).isTrue();
            assertThat(cost.get("gcCycles").asLong()).as(side + " GC cycles in the measured phase").isZero();
        }
    }

    /**
     * Once the JIT has compiled the loop (a long warm-up), a message allocates nothing. The
     * smallest Java object is 16 bytes, so one allocation per message would show as 16 or more;
     * what remains is a few fixed bytes at the phase boundaries.
     *
     * <p>The premise is a compiled loop. A run whose JIT still compiled while measuring (the run
     * says so, {@code jitMillisWhileMeasuring}) and allocated ran some messages in code not yet
     * compiled, or thrown back to the interpreter: such a run is tried once more. A run that
     * allocated with a quiet JIT fails at once.
     */
    static void assertNoAllocationPerMessage(String... args) throws Exception {
        for (int attempt = 1; ; attempt++) {
            var result = LauncherProcess.run(args);
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            JsonNode cost = result.run().get("cost");
            boolean allocated = false, compiled = false;
            for (String side : new String[] {"producer", "consumer"}) {
                allocated |= cost.get(side).get("allocatedBytesPerMessage").asDouble() >= 8;
                compiled |= cost.get(side).get("jitMillisWhileMeasuring").asLong() > 0;
            }
            if (allocated && compiled && attempt < 2) {
                continue; // the JIT was not done: not the compiled loop this test is about
            }
            for (String side : new String[] {"producer", "consumer"}) {
                assertThat(cost.get(side).get("allocatedBytesPerMessage").asDouble())
                        .as(side + " heap bytes per message (attempt " + attempt + ", JIT while measuring: "
                                + cost.get(side).get("jitMillisWhileMeasuring").asLong() + " ms)").isLessThan(8);
            }
            return;
        }
    }

    @Test
    void theCompiledLoopAllocatesNothingPerMessage() throws Exception {
        assertNoAllocationPerMessage("--transport", "pipe", "--count", "20k", "--warmup", "20k", "--format", "json");
    }

    @Test
    void aSoakRunsForItsDurationAndVerifiesEveryMessage() throws Exception {
        var result = LauncherProcess.run("--transport", "pipe", "--mode", "stream", "--duration", "2s", "--warmup", "1000",
                "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = result.run();
        assertThat(run.get("soakSeconds").asLong()).isEqualTo(2);
        long measured = run.get("count").asLong();
        assertThat(measured).isPositive();
        assertVerifiedAndCosted(run, measured + 1000);
    }

    @Test
    void aStreamTimesEachMessageOneWay() throws Exception {
        var result = LauncherProcess.run("--transport", "pipe", "--mode", "stream", "--size", "4k", "--count", "5000",
                "--warmup", "1000", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = result.run();
        assertThat(run.get("latencyKind").asText()).isEqualTo("one-way");
        assertThat(run.get("throughput").get("megabytesPerSecond").asDouble()).isPositive();
        assertVerifiedAndCosted(run, 6000);
    }

    @Test
    void aMegabyteMessageAndAnEmptyOneBothArriveIntact() throws Exception {
        for (String size : new String[] {"1m", "0"}) {
            var result = LauncherProcess.run("--transport", "pipe", "--size", size, "--count", "30", "--warmup", "10",
                    "--format", "json");
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.run().get("verification").get("received").asLong()).isEqualTo(40);
        }
    }

    @Test
    void theTableShowsEveryColumnForPeople() throws Exception {
        var result = LauncherProcess.run("--transport", "pipe", "--count", "1000", "--warmup", "200");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .contains("pipe · pingpong · 64 B payload · 1,000 messages after 200 warm-up")
                .contains("min", "p50", "p90", "p99", "p99.9", "p99.99", "max", "mean")
                .contains("msg/s", "MB/s")
                .contains("CPU", "sleeps", "preemptions", "GC cycles")
                .containsPattern("producer +\\d+ ")
                .containsPattern("consumer +\\d+ ")
                .contains("1,200 received · 0 lost · 0 duplicated · 0 reordered · 0 corrupt");
        assertThat(result.stderr()).isEmpty(); // no JVM warning, no noise
    }

    @Test
    void byDefaultBothSidesWarmUpUntilTheirJitsAreQuietAndTheReportSaysHowLongThatTook() throws Exception {
        var result = LauncherProcess.run("--transport", "pipe", "--count", "2000", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = result.run();
        assertThat(run.get("warmupPolicy").asText()).isEqualTo("auto");
        assertThat(run.get("warmupEnd").asText()).isIn("quiet", "limit");
        long warmup = run.get("warmup").asLong();
        assertThat(warmup).isGreaterThanOrEqualTo(dev.ipcplayground.core.rig.Warmup.FLOOR_MESSAGES);
        assertThat(run.get("warmupNanos").asLong()).isGreaterThanOrEqualTo(dev.ipcplayground.core.rig.Warmup.FLOOR_NANOS);
        assertVerifiedAndCosted(run, warmup + 2000);
        for (String side : new String[] {"producer", "consumer"}) {
            assertThat(run.get("cost").get(side).get("jitMillisWhileMeasuring").asLong()).as(side).isNotNegative();
        }
    }
}
