package dev.ipcplayground.core.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** JFR's samples of this thread in the measured phase, and nothing from before it or from other threads. */
class AllocationSamplerTest {

    private static volatile Object sink;

    private static void allocateArrays(int count) {
        for (int i = 0; i < count; i++) {
            sink = new long[64];
        }
    }

    private static void allocateStrings(int count) {
        for (int i = 0; i < count; i++) {
            sink = new StringBuilder(200);
        }
    }

    @Test
    void namesWhatThisThreadAllocatedWhileMeasuringAndWhoAsked() throws Exception {
        AllocationSampler sampler = AllocationSampler.startIf(true);
        allocateStrings(200_000); // the warm-up: not counted
        Thread other = Thread.ofPlatform().start(() -> allocateStrings(200_000)); // another thread: not counted
        other.join();
        sampler.measuring();
        allocateArrays(200_000);
        List<AllocationSampler.Allocation> sites = sampler.stop();

        assertThat(sites).as("the samples of this thread while measuring").isNotEmpty();
        AllocationSampler.Allocation heaviest = sites.getFirst();
        assertThat(heaviest.type()).isEqualTo("[J"); // long[], as the JVM names it
        assertThat(heaviest.via()).isEqualTo(AllocationSamplerTest.class.getName() + ".allocateArrays");
        assertThat(heaviest.share()).isGreaterThan(0.9);
        assertThat(sites).noneMatch(s -> s.via().endsWith("allocateStrings"));
    }

    @Test
    void notAskedIsNoSampler() {
        assertThat(AllocationSampler.startIf(false)).isNull();
    }
}
