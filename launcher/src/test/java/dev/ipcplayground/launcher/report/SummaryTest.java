package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Verification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary of a transport's repeats: medians that some run had. */
class SummaryTest {

    private static RunResult run(long p50, double messagesPerSecond, double cpu) {
        SideCost side = new SideCost(1, cpu, 0, cpu, 0, 0, 0, 0, 0, "0", "1");
        return new RunResult("pipe", "pingpong", 64, 1000, 100, Map.of(), 0, "round-trip",
                new Latency(1, p50, p50, p50, p50, p50, p50, p50), new Throughput(messagesPerSecond, 1),
                new Verification(1100, 0, 0, 0, 0, ""), new RunResult.Costs(side, side), 1, "none", Map.of(), 0, "auto", 1, "quiet");
    }

    @Test
    void anEvenNumberOfRepeatsTakesTheLowerOfTheTwoInTheMiddleNotTheirAverage() {
        Summary s = Summary.of(List.of(run(60_600, 20_000, 9_000), run(2_560, 226_000, 1_000)), Map.of());

        assertThat(s.latencyNanos().p50()).isEqualTo(2_560);
        assertThat(s.throughput().messagesPerSecond()).isEqualTo(20_000);
        assertThat(s.producerCpuNanosPerMessage()).isEqualTo(1_000);
    }

    @Test
    void eachVariantOfATransportHasAHistogramFileOfItsOwn() {
        RunResult plain = run(1, 1, 1);
        assertThat(HgrmFiles.name(plain, Map.of())).isEqualTo("pipe-pingpong-64B-r1");
        assertThat(HgrmFiles.name(plain, Map.of("publish", "claim"))).isEqualTo("pipe-publish-claim-pingpong-64B-r1");
        assertThat(HgrmFiles.name(plain, Map.of("impl", "jdk", "io", "nio"))).isEqualTo("pipe-impl-jdk-io-nio-pingpong-64B-r1");
    }

    @Test
    void anOddNumberTakesTheOneInTheMiddle() {
        Summary s = Summary.of(List.of(run(3, 1, 1), run(1, 2, 2), run(2, 3, 3)), Map.of());

        assertThat(s.latencyNanos().p50()).isEqualTo(2);
        assertThat(s.throughput().messagesPerSecond()).isEqualTo(2);
    }
}
