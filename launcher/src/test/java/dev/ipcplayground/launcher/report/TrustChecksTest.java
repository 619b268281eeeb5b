package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Verification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each warning appears when its condition holds, and only then. */
class TrustChecksTest {

    private static RunResult run(Map<String, String> settings, long rate, double messagesPerSecond) {
        return run(settings, rate, messagesPerSecond, 0, 0, "quiet");
    }

    private static RunResult run(Map<String, String> settings, long rate, double messagesPerSecond,
                                 long producerJitMillis, long consumerJitMillis, String warmupEnd) {
        SideCost producer = new SideCost(1, 1, 1, 1, 1, 0, 0, 0, producerJitMillis, "0", "1");
        SideCost consumer = new SideCost(2, 1, 1, 1, 1, 0, 0, 0, consumerJitMillis, "0", "1");
        return new RunResult("shm", rate > 0 ? "rate" : "pingpong", 64, 1000, 100, settings, 0, "round-trip",
                new Latency(1, 2, 3, 4, 5, 6, 7, 3.0), new Throughput(messagesPerSecond, 1), new Verification(1100, 0, 0, 0, 0, null),
                new RunResult.Costs(producer, consumer), 1, "none", Map.of(), rate, "auto", 3_000_000_000L, warmupEnd);
    }

    /** The same run with {@code producers} producers. */
    private static RunResult withProducers(RunResult r, int producers) {
        return new RunResult(r.transport(), r.mode(), r.messageSize(), r.count(), r.warmup(), r.settings(), r.soakSeconds(),
                r.latencyKind(), r.latencyNanos(), r.throughput(), r.verification(), r.cost(), r.repeat(), r.pin(), r.facts(),
                r.rate(), r.warmupPolicy(), r.warmupNanos(), r.warmupEnd(), producers, 0, "one queue", r.fairness());
    }

    @Test
    void moreMessagingThreadsThanCoresAreSaidWithWhatThatDoesToTheFigures() {
        RunResult four = withProducers(run(Map.of(), 0, 1e5, 0, 0, "quiet"), 4);
        assertThat(TrustChecks.of(four, 2, 0, 0)).singleElement().asString()
                .startsWith("shm ×4 64 B: 4 producers and the consumer, 5 messaging threads on 2 cores");
        assertThat(TrustChecks.of(four, "coroutine", 2, 0, 0, 1)).isEmpty(); // all on one kernel thread
        assertThat(TrustChecks.of(withProducers(run(Map.of(), 0, 1e5, 0, 0, "quiet"), 1), 1, 0, 0)).isEmpty(); // one producer: as always
    }

    @Test
    void aHundredthOfACoreOfBackgroundNoiseIsNotALackOfACore() {
        RunResult spinning = run(Map.of("wait", "spin"), 0, 1e5, 0, 0, "quiet");
        assertThat(TrustChecks.of(spinning, 2, 0.01, 0)).isEmpty();
        assertThat(TrustChecks.of(spinning, 2, 0.3, 0)).anyMatch(w -> w.contains("2 spinning sides but 1.70 free cores"));
    }

    @Test
    void everySpinningProducerCountsAsASpinningSide() {
        RunResult spinning = withProducers(run(Map.of("wait", "spin"), 0, 1e5, 0, 0, "quiet"), 3);
        assertThat(TrustChecks.of(spinning, "shm", 4, 0, 0, 4)).isEmpty(); // a core each
        assertThat(TrustChecks.of(spinning, "shm", 3, 0, 0, 4)).anyMatch(w -> w.contains("4 spinning sides but 3.00 free cores"));
    }

    @Test
    void aJitThatCompiledWhileMeasuringIsNamedWithEachSidesMilliseconds() {
        // 1,000 messages at 100,000 a second: a 10 ms measured phase, of which 12 ms compiling is all
        assertThat(TrustChecks.of(run(Map.of(), 0, 1e5, 0, 12, "quiet"), 2, 0, 0))
                .singleElement().asString().contains("the JIT compiled during the measured phase (producer 0 ms, consumer 12 ms, of 10.0 ms)");
    }

    /** A millisecond of compiling in a second of measuring moves no figure: said only from a hundredth of the phase on. */
    @Test
    void aJitThatCompiledForATrifleOfTheMeasuredPhaseIsNotSaid() {
        // 1,000 messages at 1,000 a second: a measured phase of 1 s
        assertThat(TrustChecks.of(run(Map.of(), 0, 1e3, 1, 9, "quiet"), 2, 0, 0)).isEmpty();
        assertThat(TrustChecks.of(run(Map.of(), 0, 1e3, 11, 0, "quiet"), 2, 0, 0)).singleElement().asString()
                .contains("(producer 11 ms, consumer 0 ms, of 1.00 s)");
    }

    @Test
    void aWarmupCutShortByItsLimitIsNamed() {
        assertThat(TrustChecks.of(run(Map.of(), 0, 1e5, 0, 0, "limit"), 2, 0, 0))
                .singleElement().asString().contains("the warm-up stopped at its limit (3.00 s, 100 messages)");
        assertThat(TrustChecks.of(run(Map.of(), 0, 1e5, 0, 0, "count"), 2, 0, 0)).as("a fixed count is the user's choice").isEmpty();
    }

    @Test
    void garbageOnTheHotPathIsNamedWithEachSidesBytesAndWhereToLook() {
        RunResult plain = run(Map.of(), 0, 1e5);
        SideCost clean = plain.cost().consumer(), dirty = new SideCost(1, 1, 1, 1, 1, 0, 128, 0, 0, "0", "1");
        RunResult garbage = new RunResult("tcp", "pingpong", 64, 1000, 100, Map.of(), 0, "round-trip", plain.latencyNanos(),
                plain.throughput(), plain.verification(), new RunResult.Costs(dirty, clean), 1, "none", Map.of(), 0, "auto",
                1_000_000_000L, "quiet");
        assertThat(TrustChecks.of(garbage, 2, 0, 0)).singleElement().asString()
                .contains("allocated 128.0 heap bytes per message on the producer and 0.00 on the consumer")
                .contains("--allocations names what allocated it");

        // The same garbage while the JIT still compiled (80 ms of a 10 ms phase): the cold code's, so warm up first
        SideCost compiling = new SideCost(1, 1, 1, 1, 1, 0, 128, 0, 80, "0", "1");
        RunResult cold = new RunResult("tcp", "pingpong", 64, 1000, 100, Map.of(), 0, "round-trip", plain.latencyNanos(),
                plain.throughput(), plain.verification(), new RunResult.Costs(compiling, clean), 1, "none", Map.of(), 0, "fixed",
                1_000_000L, "count");
        assertThat(TrustChecks.of(cold, 2, 0, 0)).hasSize(2).last().asString()
                .contains("allocated 128.0 heap bytes").contains("the JIT was still compiling").doesNotContain("--allocations");
    }

    @Test
    void aQuietRunHasNoWarning() {
        assertThat(TrustChecks.of(run(Map.of("wait", "block"), 0, 1e5), 2, 0.05, 0.01)).isEmpty();
    }

    @Test
    void twoSpinnersOnOneCoreAreNamed() {
        assertThat(TrustChecks.of(run(Map.of("wait", "spin"), 0, 1e5), 1, 0, 0))
                .singleElement().asString().contains("2 spinning sides but 1.00 free core");
        assertThat(TrustChecks.of(run(Map.of("wait", "spin"), 0, 1e5), 2, 0, 0)).as("one core each").isEmpty();
        assertThat(TrustChecks.of(run(Map.of("wait", "spin"), 0, 1e5), 2, 0.6, 0)).as("another process took one")
                .anyMatch(w -> w.contains("spinning sides but 1.40 free cores"));
        assertThat(TrustChecks.of(run(Map.of("wait", "spin"), 0, 1e5), 2, 0.005, 0)).as("1.995 free cores: two, and some noise")
                .isEmpty();
    }

    @Test
    void aRateNotReachedIsNamedWithWhatWasReached() {
        assertThat(TrustChecks.of(run(Map.of(), 100_000, 99_000), 2, 0, 0)).as("within 5%").isEmpty();
        assertThat(TrustChecks.of(run(Map.of(), 100_000, 61_000), 2, 0, 0))
                .singleElement().asString().contains("asked for 100,000 msg/s, reached 61,000 (61%)");
    }

    @Test
    void aBusyMachineAndStealAreNamed() {
        assertThat(TrustChecks.of(run(Map.of(), 0, 1e5), 2, 0.8, 0.12))
                .anyMatch(w -> w.contains("other processes used 0.80 of 2 cores"))
                .anyMatch(w -> w.contains("the hypervisor kept 12% of the CPU time"));
    }

    /** Repeats of one row that warn alike say it once, with how often; one repeat's own warning keeps its words. */
    @Test
    void aWarningOfSeveralRepeatsIsSaidOnceWithHowOften() {
        List<String> said = TrustChecks.acrossRepeats(List.of(
                "shm 64 B: the JIT compiled during the measured phase (producer 2 ms, consumer 9 ms, of 0.30 s): slower", // repeat 1
                "pipe 64 B (repeat 2): the hypervisor kept 9% of the CPU time for other guests (steal)",
                "shm 64 B (repeat 2): the JIT compiled during the measured phase (producer 5 ms, consumer 0 ms, of 0.31 s): slower",
                "shm 64 B (repeat 3): the JIT compiled during the measured phase (producer 4 ms, consumer 1 ms, of 0.29 s): slower"), 3);

        assertThat(said).containsExactly(
                "shm 64 B: the JIT compiled during the measured phase (producer 2 ms, consumer 9 ms, of 0.30 s): slower "
                        + "(in 3 of 3 repeats; the figures are repeat 1's)",
                "pipe 64 B: the hypervisor kept 9% of the CPU time for other guests (steal) (in 1 of 3 repeats)");
        assertThat(TrustChecks.acrossRepeats(List.of("shm 64 B: steal"), 1)).containsExactly("shm 64 B: steal");
    }
}
