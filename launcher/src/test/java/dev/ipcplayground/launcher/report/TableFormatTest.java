package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Verification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the table says of all runs at once, and of one. */
class TableFormatTest {

    private static RunResult run(String policy, long warmup, int producers) {
        SideCost side = new SideCost(1, 1, 1, 1, 0, 0, 0, 0, 0, "0", "1");
        RunResult one = new RunResult("pipe", "pingpong", 64, 1000, warmup, Map.of(), 0, "round-trip", new Latency(1, 2, 3, 4, 5, 6, 7, 3.0),
                new Throughput(1e5, 6.4), new Verification(1100, 0, 0, 0, 0, ""), new RunResult.Costs(side, side), 1, "none", Map.of(), 0,
                policy, 2_830_000_000L, "quiet");
        return new RunResult(one.transport(), one.mode(), one.messageSize(), one.count(), one.warmup(), one.settings(), one.soakSeconds(),
                one.latencyKind(), one.latencyNanos(), one.throughput(), one.verification(), one.cost(), one.repeat(), one.pin(),
                one.facts(), one.rate(), one.warmupPolicy(), one.warmupNanos(), one.warmupEnd(), producers, 0, "", one.fairness());
    }

    @Test
    void aComparisonsCaptionGivesTheWarmUpsPolicyNotTheFirstRunsFigures() {
        assertThat(TableFormat.warmupOfAll(run("auto", 836_000, 1))).isEqualTo("a warm-up until the JIT was quiet");
        assertThat(TableFormat.warmupOfAll(run("fixed", 5_000, 1))).isEqualTo("5,000 warm-up messages");
        assertThat(TableFormat.warmupOfAll(run("fixed", 15_000, 3))).isEqualTo("5,000 warm-up messages per producer");
    }

    @Test
    void aRunOfManyProducersSaysHowManyAndWhatTheConsumerDid() {
        assertThat(TableFormat.load(run("auto", 1, 4))).isEqualTo("4 producers · ");
        assertThat(TableFormat.load(run("auto", 1, 1))).isEmpty();
    }

    @Test
    void aRunWithoutAWarmUpSaysSoInsteadOfZero() {
        assertThat(TableFormat.render(run("fixed", 0, 1))).contains("1,000 messages with no warm-up").doesNotContain("after 0");
    }

    @Test
    void whatEachSideLearntIsOnePhraseAndOneLineEach() {
        Map<String, String> ring = new java.util.LinkedHashMap<>();
        ring.put("consumer.reading, records per batch", "1.4");
        ring.put("consumer.reading, records per sleep", "1.4");
        ring.put("consumer.writing, records per head read", "28055.2");
        ring.put("producer.reading, records per batch", "1.6");
        assertThat(TableFormat.factsBySide(ring)).containsExactly(
                "consumer: reading 1.4 records per batch, 1.4 per sleep; writing 28,055 records per head read",
                "producer: reading 1.6 records per batch");
        assertThat(TableFormat.factsBySide(Map.of("consumer.writing, records per head read", "all (never read)")))
                .containsExactly("consumer: writing records per head read: all (never read)");
        assertThat(TableFormat.factsBySide(Map.of("consumer.peer-pid", "6107", "producer.peer-pid", "6090")))
                .containsExactly("consumer: peer-pid 6107", "producer: peer-pid 6090");
        assertThat(TableFormat.facts(Map.of("consumer.peer-pid", "6107", "producer.peer-pid", "6090")))
                .isEqualTo("consumer: peer-pid 6107 · producer: peer-pid 6090");
    }
}
