package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.TransportOption;
import dev.ipcplayground.core.Transports;
import dev.ipcplayground.launcher.report.Report;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a plan of several transports says about the settings given for some of them. */
class RunPlanTest {

    private static final RunSpec TEMPLATE = new RunSpec("", Mode.PINGPONG, 0, 100, 10, Duration.ofSeconds(60), Duration.ZERO,
            Pin.NONE, Map.of());

    @Test
    void aSettingNamesTheTransportsThatReadItInTheFormTheyRecordedIt() {
        RunPlan plan = RunPlan.of(List.of(Transports.named("pipe"), Transports.named("shm"), Transports.named("chronicle")),
                List.of(64L), TEMPLATE, Map.of("wait", "SPIN", "ring-size", "64k"), 1);

        assertThat(plan.applied()).containsExactly(
                new Report.Given("ring-size", "65536", List.of("shm")),
                new Report.Given("wait", "spin", List.of("shm", "chronicle")));
        assertThat(plan.applied().get(1).describe()).isEqualTo("--wait spin applied to shm and chronicle");
    }

    @Test
    void onlyTheSettingsThatDifferFromTheTransportsDefaultsMarkARow() {
        var shm = Transports.named("shm");
        var cell = RunPlan.of(List.of(shm), List.of(64L), TEMPLATE, Map.of("wait", "spin"), 1).cells().getFirst();

        assertThat(cell.spec().settings()).containsKeys("wait", "ring-size"); // the defaults filled in
        assertThat(TransportOption.notDefault(shm.options(), cell.spec().settings())).isEqualTo(Map.of("wait", "spin"));
    }

    @Test
    void aProducerSweepRunsEachManyWriterTransportAtEveryCountAndSkipsTheOthersSayingWhy() {
        RunPlan plan = RunPlan.of(List.of(Transports.named("pipe"), Transports.named("shm")), List.of(64L, 8192L),
                List.of(1, 4), TEMPLATE, Map.of("ring", "textbook"), 1, false);

        assertThat(plan.cells()).extracting(c -> c.transport().name() + " " + c.spec().payloadSize() + " x" + c.spec().producers())
                .containsExactly("pipe 64 x1", "pipe 64 x4", "pipe 8192 x1", "shm 64 x1", "shm 8192 x1");
        assertThat(plan.skipped()).extracting(RunPlan.Skipped::transport).containsExactly("pipe ×4 producers", "shm --ring textbook ×4 producers", "shm --ring textbook ×4 producers");
        assertThat(plan.skipped().getFirst().reason()).contains("PIPE_BUF");
        assertThat(plan.skipped().get(1).reason()).startsWith("takes one producer here: the textbook ring has one writer and one reader");
    }

    /** The row a cell's run becomes in a comparison: its transport and its settings that are not the default. */
    private static String row(RunPlan.Cell cell) {
        return dev.ipcplayground.launcher.report.Summary.nameOf(cell.transport().name(),
                TransportOption.notDefault(cell.transport().options(), cell.spec().settings()));
    }

    @Test
    void aComparisonAlsoRunsEachTransportAsItIsComparedWith() {
        var transports = List.of(Transports.named("pipe"), Transports.named("shm"), Transports.named("unix"), Transports.named("tcp"));
        RunPlan named = RunPlan.of(transports, List.of(64L), TEMPLATE, Map.of(), 1);
        RunPlan all = RunPlan.of(transports, List.of(64L), TEMPLATE, Map.of(), 1, true);

        assertThat(named.cells()).map(RunPlanTest::row).containsExactly("pipe", "shm", "unix", "tcp");
        assertThat(all.cells()).map(RunPlanTest::row).containsExactly("pipe", "shm", "shm --ring textbook", "shm --ring agrona",
                "unix", "unix --impl jdk", "tcp", "tcp --impl jdk");
    }

    @Test
    void aComparisonNeverOverridesASettingTheUserGaveAndSkipsAVariantItRulesOutSayingWhy() {
        var transports = List.of(Transports.named("shm"), Transports.named("unix"));
        RunPlan all = RunPlan.of(transports, List.of(64L), TEMPLATE, Map.of("ring", "textbook", "socket-type", "seqpacket"), 1, true);

        assertThat(all.cells()).map(RunPlanTest::row).containsExactly("shm --ring textbook", "unix --socket-type seqpacket");
        assertThat(all.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.transport()).isEqualTo("unix --impl jdk --socket-type seqpacket");
            assertThat(skip.reason()).startsWith("--impl jdk has no --socket-type seqpacket");
        });
    }

    @Test
    void aVariantThatCannotCarryASizeIsSkippedUnderItsOwnName() {
        RunPlan all = RunPlan.of(List.of(Transports.named("shm")), List.of(64L, 200_000L), TEMPLATE, Map.of(), 1, true);

        assertThat(all.cells()).map(c -> row(c) + " " + c.spec().payloadSize()).containsExactly(
                "shm 64", "shm 200000", "shm --ring textbook 64", "shm --ring textbook 200000", "shm --ring agrona 64");
        assertThat(all.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.transport()).isEqualTo("shm --ring agrona");
            assertThat(skip.reason()).contains("an eighth of a ring");
        });
    }
}
