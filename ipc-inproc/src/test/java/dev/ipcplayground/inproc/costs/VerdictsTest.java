package dev.ipcplayground.inproc.costs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The verdicts of {@code launcher costs} come from the run's own figures: a difference counts only
 * beyond the spread of the repeats, and an explanation quotes what was measured beside it.
 */
class VerdictsTest {

    @Test
    void rangesThatDoNotOverlapDecideAndRangesThatDoAreNoise() {
        assertThat(Spread.of(5_000, 5_200, 5_100).against(Spread.of(4_000, 4_100, 4_900))).isEqualTo(Spread.Order.ABOVE);
        assertThat(Spread.of(3_000, 3_100).against(Spread.of(4_000, 4_100))).isEqualTo(Spread.Order.BELOW);
        assertThat(Spread.of(4_000, 5_000).against(Spread.of(4_500, 4_600))).isEqualTo(Spread.Order.WITHIN_NOISE);
        assertThat(Spread.of(1, 9, 3).median()).isEqualTo(3);
        assertThat(Spread.of(1, 9, 3, 5).median()).isEqualTo(4);
    }

    @Test
    void processesAgainstThreadsSayAgreeDisagreeOrWithinNoiseWithTheFigures() {
        assertThat(CostsProbe.versus(Spread.of(6_000, 6_100, 6_200), Spread.of(5_000, 5_100, 5_200)))
                .isEqualTo("agrees: 1.00 µs more than two threads (5.10 µs), beyond the spread of 3 runs");
        assertThat(CostsProbe.versus(Spread.of(4_000, 4_100, 4_200), Spread.of(5_000, 5_100, 5_200)))
                .isEqualTo("disagrees: 1.00 µs less than two threads (5.10 µs), beyond the spread of 3 runs");
        assertThat(CostsProbe.versus(Spread.of(5_000, 5_300), Spread.of(5_100, 5_200)))
                .isEqualTo("within noise: processes 5.00–5.30 µs, threads 5.10–5.20 µs over 2 runs each");
    }

    @Test
    void theWakeUpOfAnotherCpuIsQuotedFromTheRunBesideTheAddressSpacesShare() {
        String note = CostsProbe.wakeUpNote(Spread.of(5_000), Spread.of(45_000), Spread.of(5_500));
        assertThat(note).isEqualTo(". Across two CPUs a thread handoff costs 40.00 µs more than on one: the wake-up of the other "
                + "CPU, measured here; on one CPU processes and threads differ by 0.50 µs (the wake-up is 80× that)");
        assertThat(CostsProbe.wakeUpNote(Spread.of(5_000), Spread.of(4_000), Spread.of(5_500)))
                .contains("no more than on one");
    }

    @Test
    void severalProcessesOfCoroutinesAgreeOnlyWhenAheadOfBothOthersBeyondTheSpread() {
        Spread coroutines = Spread.of(900, 1_000), threads = Spread.of(400, 500);
        assertThat(CostsProbe.multiCoreVerdict(Spread.of(1_800, 1_900), coroutines, threads, 2)).isEqualTo("agrees: 1.95× coroutines on one thread and 4.11× thread pairs, on 2 cores");
        assertThat(CostsProbe.multiCoreVerdict(Spread.of(950, 1_900), coroutines, threads, 2)).startsWith("within noise:");
        assertThat(CostsProbe.multiCoreVerdict(Spread.of(300, 350), coroutines, threads, 2)).startsWith("disagrees:");
    }

    @Test
    void aSpeedUpBeyondTheCoresIsNotAVerdict() {
        Spread coroutines = Spread.of(3_000, 3_100), threads = Spread.of(2_000, 2_100);
        assertThat(CostsProbe.multiCoreVerdict(Spread.of(11_700, 11_800), coroutines, threads, 2))
                .startsWith("not measured: 3.85× coroutines on one thread").contains("more than 2 cores can give");
    }

    @Test
    void aSizeCappedBelowTwiceTheLastCacheIsNotCalledTwiceIt() {
        var sweep = CacheSizes.sweep(48 << 10, 2 << 20, 480L << 20);
        assertThat(sweep.get(sweep.size() - 2).label()).endsWith("(half of L3)");
        assertThat(sweep.getLast().label()).isEqualTo("256 MiB (the sweep's most, less than twice L3)");
        assertThat(CacheSizes.sweep(32 << 10, 1 << 20, 32L << 20).getLast().label()).endsWith("(twice L3)");
    }

    @Test
    void aSwitchBuriedUnderTheOverheadTakenOutIsNotMeasurableAndNeverNegative() {
        assertThat(CostsProbe.measured(Spread.of(-15_820, -15_000), 16_000_000)).isNull();
        assertThat(CostsProbe.unmeasurable(Spread.of(-15_820, -15_000), 16_000_000))
                .isEqualTo("not measurable at this size: a handoff with the switch took 15984.59 µs, the same "
                        + "reading and calls without a switch 16000.00 µs, and what is between them is within their noise");
        assertThat(CostsProbe.measured(Spread.of(2_000, 3_000), 1_000_000)).isNull(); // 1 ms of reading beside 2.5 µs
        assertThat(CostsProbe.measured(Spread.of(2_000, 3_000), 1_330)).isEqualTo(2.5);
        assertThat(CostsProbe.unmeasurable(Spread.of(2_000, 3_000), 1_330)).isNull();
    }

    @Test
    void theCoroutinesLeadIsJudgedByHowItMovesWithTheCount() {
        assertThat(Scaling.trend(5.0, 2, 40.0, 4096))
                .isEqualTo("agrees: coroutines' lead over platform threads 5.0× at 2 pairs, 40.0× at 4,096");
        assertThat(Scaling.trend(5.0, 2, 6.0, 4096)).startsWith("disagrees: the lead held, not grew");
        assertThat(Scaling.trend(5.0, 2, 2.0, 4096)).startsWith("disagrees: the lead shrank");
    }
}
