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

    @Test
    void aPingPongOfSleepingSidesSaysWhereItsRoundTripWent() {
        SideCost producer = new SideCost(1, 9_840, 6_810, 10_000, 0.73, 0.27, 0, 0, 0, "", "");
        SideCost consumer = new SideCost(2, 9_770, 7_390, 9_940, 0.85, 0.15, 0, 0, 0, "", "");
        RunResult blocking = new RunResult("shm", "pingpong", 64, 50_000, 0, Map.of("wait", "block"), 0, "round-trip",
                new Latency(1_090, 41_000, 60_900, 86_300, 339_000, 920_000, 2_100_000, 30_900), new Throughput(32_105, 2.05),
                new Verification(50_000, 0, 0, 0, 0, ""), new RunResult.Costs(producer, consumer), 1, "none", Map.of(), 0, "fixed", 0, "");

        assertThat(TableFormat.why(blocking)).isEqualTo("each side slept for 73% and 85% of its messages: a round trip (30.9 µs mean) "
                + "holds up to two wake-ups, 19.6 µs of the two sides' CPU (14.2 µs in the kernel) and 11.3 µs waiting to run "
                + "(unpinned; --pin same keeps both on one CPU, --wait spin never sleeps)");
        String table = TableFormat.render(blocking);
        assertThat(table).contains("  why         each side slept").contains("\n              two wake-ups");
        assertThat(table.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(110)); // table-wide, not one of 230
        assertThat(TableFormat.wrapped("a bb ccc dddd", 6, "|")).isEqualTo("a bb|ccc|dddd");

        SideCost spinning = new SideCost(1, 400, -1, 400, 0.001, 0.01, 0, 0, 0, "", "");
        RunResult spin = new RunResult("shm", "pingpong", 64, 50_000, 0, Map.of("wait", "spin"), 0, "round-trip",
                new Latency(300, 400, 500, 600, 700, 800, 900, 420), new Throughput(2e6, 128), new Verification(50_000, 0, 0, 0, 0, ""),
                new RunResult.Costs(spinning, spinning), 1, "none", Map.of(), 0, "fixed", 0, "");
        assertThat(TableFormat.why(spin)).isEmpty();
        assertThat(TableFormat.render(spin)).doesNotContain("why");
    }
}
