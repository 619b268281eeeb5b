package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.rig.Cost;
import dev.ipcplayground.core.rig.Placement;
import dev.ipcplayground.core.rig.SideResult;
import dev.ipcplayground.core.rig.Warmup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What one side spent per message, and what it cannot tell. */
class SideCostTest {

    private static SideResult side(long userNanos, long systemNanos, long messages) {
        return new SideResult(Role.PRODUCER, 1, messages, 1, new Cost(userNanos, systemNanos, userNanos + systemNanos, 0, 0, 0, 0),
                "", null, Map.of(), new Warmup.Result(0, 0, Warmup.End.COUNT, 0), new Placement("0", "1"), null);
    }

    @Test
    void aFewTicksOfCpuAreNotSplitIntoUserAndKernel() {
        SideCost brief = SideCost.of(side(14_000_000, 0, 50_000)); // 14 ms: three or four ticks of the kernel's clock
        assertThat(brief.cpuNanosPerMessage()).isEqualTo(280);
        assertThat(brief.systemNanosPerMessage()).isEqualTo(-1);

        SideCost long_ = SideCost.of(side(300_000_000, 100_000_000, 100_000));
        assertThat(long_.systemNanosPerMessage()).isEqualTo(1_000);
    }

    @Test
    void severalProducersAddUpOrCountTheirOneThreadOnce() {
        List<SideResult> three = List.of(side(1_000, 0, 10), side(2_000, 0, 10), side(3_000, 0, 10));
        assertThat(SideCost.ofAll(three, null).cpuNanosPerMessage()).isEqualTo(200); // 6,000 ns over 30 messages
        assertThat(SideCost.ofAll(three, side(9_000, 0, 30)).cpuNanosPerMessage()).isEqualTo(300); // the one thread's 9,000 ns
    }
}
