package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many producers, one consumer ({@code --producers}), with real child JVMs: every transport that
 * takes many writers, in every mode, each producer's messages verified on their own; a producer
 * killed ends the run naming it, and nothing is left. Each test sweeps in one launcher call.
 */
@ExtendWith(NothingLeftBehind.class)
class FanInIT {

    private static final String EVERY_TRANSPORT = "pipe,fifo,posix-mq,shm,unix,tcp,chronicle,aeron,thread,vthread,coroutine";

    /** Every transport takes three producers; one producer is every other test's run, unchanged. */
    @Test
    void everyTransportCarriesThreeProducersEachVerified() throws Exception {
        var result = LauncherProcess.start("--transport", EVERY_TRANSPORT, "--producers", "3", "--count", "3000",
                "--warmup", "300", "--format", "json").await(Duration.ofMinutes(3));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode runs = result.json().get("runs");
        assertThat(runs).hasSize(EVERY_TRANSPORT.split(",").length);
        for (JsonNode run : runs) {
            String which = run.get("transport").asText();
            assertThat(run.get("producers").asInt()).as(which).isEqualTo(3);
            assertThat(run.get("count").asLong()).as(which).isEqualTo(3000);
            // each producer warms its own JVM: 300 each, all verified
            PipeIT.assertVerifiedAndCosted(run, 3000 + 3 * 300L);
            JsonNode fairness = run.get("fairness");
            assertThat(fairness.get("messagesPerSecond")).as(which).hasSize(3);
            assertThat(fairness.get("jainIndex").asDouble()).as(which).isBetween(1.0 / 3 - 1e-9, 1.0);
            assertThat(run.get("fanIn").asText()).as(which).hasSizeGreaterThan(10);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"stream, 30000, 0", "rate, 10000, 20000"})
    void streamsAndRatesShareTheCountAndTheRate(String mode, String count, String rate) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--transport", "pipe,posix-mq,thread", "--producers", "3",
                "--mode", mode, "--count", count, "--warmup", "600", "--format", "json"));
        if (mode.equals("rate")) {
            args.addAll(List.of("--rate", rate));
        }
        var result = LauncherProcess.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        for (JsonNode run : result.json().get("runs")) {
            assertThat(run.get("count").asLong()).isEqualTo(Long.parseLong(count));
            PipeIT.assertVerifiedAndCosted(run, Long.parseLong(count) + 3 * 600);
            assertThat(run.get("latencyNanos").get("p50").asLong()).isPositive();
            if (mode.equals("rate")) {
                assertThat(run.get("rate").asLong()).isEqualTo(20000);
            }
        }
    }

    /**
     * Shared memory's two designs: a ring per producer polled in turn, and one ring that all
     * write (Agrona's, and the fast ring with its CAS claim). The consumer's learnt line says what
     * its polling found; the writers of one ring, how often their CAS lost a race.
     */
    @ParameterizedTest(name = "--ring {0} --fan-in {1} --wait {2}")
    @CsvSource({"fast, ring-each, block", "fast, one-ring, block", "agrona, one-ring, hybrid"}) // every wait: ManyWritersTest
    void sharedMemoryTakesManyProducersInBothDesigns(String ring, String fanIn, String wait) throws Exception {
        var result = LauncherProcess.run("--transport", "shm", "--ring", ring, "--fan-in", fanIn, "--wait", wait,
                "--producers", "3", "--mode", "stream", "--count", "30000", "--warmup", "1000", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = result.run();
        PipeIT.assertVerifiedAndCosted(run, 30000 + 3 * 1000);
        assertThat(run.get("settings").get("fan-in").asText()).isEqualTo(fanIn);
        assertThat(run.get("fanIn").asText()).contains(fanIn.equals("ring-each") ? "a fast ring per producer"
                : ring.equals("fast") ? "one fast ring that every producer writes" : "ManyToOneRingBuffer");
        String facts = run.get("facts").toString();
        if (fanIn.equals("ring-each")) {
            assertThat(facts).contains("consumer.reading, records per ring's turn");
        } else if (ring.equals("fast")) {
            assertThat(facts).contains("records per lost CAS race");
        }
    }

    /**
     * The sockets the sweep above does not take: the JDK's own (waited on with the JDK's selector)
     * and junixsocket's seqpacket (a read per message); a connection per producer each.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"'unix,tcp', --impl, jdk, the JDK's", "unix, --socket-type, seqpacket, a read per message"})
    void everySocketConsumerTakesAConnectionPerProducer(String transports, String option, String value, String fanIn)
            throws Exception {
        var result = LauncherProcess.run("--transport", transports, option, value, "--producers", "3", "--count", "6000",
                "--warmup", "300", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        for (JsonNode run : result.json().get("runs")) {
            PipeIT.assertVerifiedAndCosted(run, 6000 + 3 * 300);
            assertThat(run.get("fanIn").asText()).contains(fanIn);
            assertThat(run.get("facts").get("consumer.connections").asText()).isEqualTo("3");
        }
    }

    @Test
    void theTextbookRingRefusesManyProducersSayingWhy() throws Exception {
        var result = LauncherProcess.run("--transport", "shm", "--ring", "textbook", "--producers", "2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("launcher: --producers 2: shm takes one producer here: the textbook ring");
    }

    /**
     * A producer that dies between claiming space and publishing its record (a fault it commits
     * itself, {@link dev.ipcplayground.core.Faults}): in Agrona's shared ring the claim blocks every
     * record after it. The run must end, naming the producer, and leave nothing.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"shm --ring fast --wait block", "shm --ring agrona --wait block", "shm --ring fast --fan-in one-ring --wait spin",
            "aeron --publish claim --wait spin"})
    @Execution(ExecutionMode.CONCURRENT) // each case mostly waits for its stage and its end: three at a time, as the fault matrix
    void aProducerDyingWithAClaimHeldEndsTheRunNamingIt(String transportAndSettings) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--transport"));
        args.addAll(List.of(transportAndSettings.split(" ")));
        args.addAll(List.of("--producers", "3", "--mode", "stream", "--count", "100m", "--warmup", "0", "--timeout", "5m"));
        var result = LauncherProcess.start(java.util.Map.of(dev.ipcplayground.core.Faults.DIE_HOLDING_CLAIM, "3000"),
                args.toArray(String[]::new)).await(Duration.ofSeconds(60));

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("launcher: the run failed: producer ").contains("killed by signal 9 (SIGKILL)")
                .contains("fault: dying with claim 3000 held");
    }

    @Test
    void aConsumerThatWorksSpendsItsWorkOnEveryMessage() throws Exception {
        var result = LauncherProcess.run("--transport", "posix-mq", "--producers", "2", "--mode", "stream", "--work", "50us",
                "--count", "4000", "--warmup", "400", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = result.run();
        assertThat(run.get("workNanos").asLong()).isEqualTo(50_000);
        // CPU time only grows under load, never shrinks: the work is at least half there whatever the machine does
        assertThat(run.get("cost").get("consumer").get("cpuNanosPerMessage").asDouble()).isGreaterThan(25_000);
    }

    @Test
    void tenProducersRunOnTwoCores() throws Exception {
        var result = LauncherProcess.start("--transport", "posix-mq", "--producers", "10", "--count", "3000", "--warmup", "100",
                "--format", "json").await(Duration.ofMinutes(3));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        PipeIT.assertVerifiedAndCosted(result.run(), 3000 + 10 * 100);
        assertThat(result.run().get("fairness").get("messagesPerSecond")).hasSize(10);
    }

    @Test
    void inProcessProducersAreThreadsOfTheOneChildJvm() throws Exception {
        var launcher = LauncherProcess.start("--transport", "thread", "--producers", "3", "--warmup", "0", "--count", "100m",
                "--timeout", "5m");
        launcher.awaitSide("producer", Duration.ofMillis(1500));
        long jvms = launcher.children().stream().filter(p -> p.info().command().orElse("").endsWith("java")).count();
        LauncherProcess.signal(launcher.process().toHandle(), "INT");

        assertThat(launcher.await(Duration.ofSeconds(30)).exitCode()).isEqualTo(130);
        assertThat(jvms).as("child JVMs of an in-process run with three producers").isEqualTo(1);
    }

    /** The fault matrix's rows for many producers: a producer killed, and the consumer of many. */
    @ParameterizedTest(name = "{0}: kill -9 {1} in the {2}")
    @CsvSource({
            "pipe, producer-1, measured phase", "pipe, producer-2, warm-up", "shm, consumer, measured phase",
            "unix, producer-1, warm-up", "tcp, producer-2, measured phase", "chronicle, producer-1, measured phase",
            "aeron, producer-2, measured phase"}) // a shm producer dies holding its claim, below
    @Execution(ExecutionMode.CONCURRENT)
    void aKilledSideEndsTheRunNamingIt(String transport, String victim, String stage) throws Exception {
        var launcher = LauncherProcess.start("--transport", transport, "--producers", "3", "--timeout", "5m",
                "--warmup", stage.equals("warm-up") ? "1000m" : "0", "--count", stage.equals("warm-up") ? "3" : "100m");
        ProcessHandle child = launcher.awaitSide(victim, Duration.ofMillis(1500));
        long killed = System.nanoTime();
        LauncherProcess.signal(child, "KILL");

        var result = launcher.await(Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        String named = victim.equals("consumer") ? "the consumer" : "producer " + victim.substring("producer-".length());
        assertThat(result.stderr()).startsWith("launcher: the run failed: ")
                .contains(named + " (pid " + child.pid() + ")")
                .contains("killed by signal 9 (SIGKILL)");
    }
}
