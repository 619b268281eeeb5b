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
}
