package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * Drawing never hangs and gives real images (XChart loops forever looking for a tick spacing if
 * two tick labels read the same: the percentile labels must stay distinct); a transport keeps its
 * colour across both charts and its sizes differ by dashes; every colour shows on white; the
 * percentile axis ends where the data does; a skipped size is named in the legend.
 */
class ChartsTest {

    private static final Latency L = new Latency(1, 2, 3, 4, 5, 6, 7, 3);

    private static Histogram histogram(int base, int count) {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= count; i++) {
            h.recordValue(base + (i % 1000 == 0 ? 5_000_000 : i % 3000));
        }
        return h;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theLatencyAndThroughputChartsDrawAsPngAndSvg(@TempDir Path dir) throws Exception {
        Palette palette = new Palette(List.of("fast", "slow"));
        var latency = Charts.latency(List.of(new Charts.Curve("fast", null, histogram(1_000, 100_000)),
                new Charts.Curve("slow", null, histogram(20_000, 100_000))), "round-trip", palette);
        var throughput = Charts.throughput(List.of(
                new Summary("fast", "pingpong", 64, 1, L, 2, 2, new Throughput(500_000, 32), 1, 1, 0, 0, Map.of()),
                new Summary("slow", "pingpong", 64, 1, L, 2, 2, new Throughput(40_000, 2.5), 1, 1, 1, 1, Map.of()),
                new Summary("fast", "pingpong", 4096, 1, L, 2, 2, new Throughput(200_000, 800), 1, 1, 0, 0, Map.of())),
                List.of(), palette);

        var image = javax.imageio.ImageIO.read(new ByteArrayInputStream(Charts.png(latency)));
        assertThat(image.getWidth()).isEqualTo(900);
        Charts.write(throughput, dir.resolve("t.svg"));
        assertThat(Files.readString(dir.resolve("t.svg"))).contains("<svg");
        assertThat(Charts.beside(dir.resolve("c.png"), "throughput").getFileName().toString()).isEqualTo("c-throughput.png");
    }

    private static Summary withProducers(String transport, int producers, double rate) {
        return new Summary(transport, "pingpong", 64, 1, L, 2, 2, new Throughput(rate, 1), 1, 1, 0, 0, Map.of(), producers, 1);
    }

    @Test
    void aProducerSweepDrawsALinePerTransportThroughEveryCount() {
        List<Summary> sweep = List.of(withProducers("pipe", 1, 100_000), withProducers("pipe", 2, 150_000),
                withProducers("pipe", 4, 120_000), withProducers("thread", 1, 200_000), withProducers("thread", 4, 90_000));
        assertThat(Charts.sweepsProducers(sweep)).isTrue();
        assertThat(Charts.sweepsProducers(List.of(withProducers("pipe", 4, 1), withProducers("thread", 4, 1)))).isFalse();

        var chart = Charts.scaling(sweep, false, new Palette(List.of("pipe", "thread")));

        assertThat(chart.getSeriesMap()).containsOnlyKeys("pipe", "thread");
        assertThat(chart.getSeriesMap().get("pipe").getXData()).containsExactly(0.0, 1.0, 2.0); // log2 of 1, 2, 4
        assertThat(chart.getSeriesMap().get("pipe").getYData()).containsExactly(100_000.0, 150_000.0, 120_000.0);
        assertThat(Charts.scaling(sweep, true, new Palette(List.of("pipe", "thread"))).getTitle()).contains("p99");
    }

    @Test
    void aTransportHasOneColourInBothChartsAndItsSizesDifferByDashes() {
        Palette palette = new Palette(List.of("pipe", "shm"));
        var latency = Charts.latency(List.of(new Charts.Curve("pipe", 64, histogram(5_000, 10_000)),
                new Charts.Curve("pipe", 4096, histogram(9_000, 10_000)),
                new Charts.Curve("shm", 64, histogram(2_000, 10_000))), "round-trip", palette);
        var throughput = Charts.throughput(List.of(
                new Summary("pipe", "pingpong", 64, 1, L, 2, 2, new Throughput(200_000, 12), 1, 1, 0, 0, Map.of()),
                new Summary("shm", "pingpong", 64, 1, L, 2, 2, new Throughput(300_000, 19), 1, 1, 0, 0, Map.of()),
                new Summary("pipe", "pingpong", 4096, 1, L, 2, 2, new Throughput(100_000, 400), 1, 1, 0, 0, Map.of())),
                List.of(new Report.Skip("shm", 4096, "larger than its limit")), palette);

        var lines = latency.getSeriesMap();
        assertThat(lines.get("pipe 64 B").getLineColor()).isEqualTo(lines.get("pipe " + Units.bytes(4096)).getLineColor())
                .isNotEqualTo(lines.get("shm 64 B").getLineColor());
        assertThat(lines.get("pipe 64 B").getLineStyle()).isEqualTo(SeriesLines.SOLID);
        assertThat(lines.get("pipe " + Units.bytes(4096)).getLineStyle()).isNotEqualTo(SeriesLines.SOLID);
        var bars = throughput.getSeriesMap();
        assertThat(bars.get("pipe").getFillColor()).isEqualTo(lines.get("pipe 64 B").getLineColor());
        assertThat(bars).containsKey("shm (skipped at " + Units.bytes(4096) + ")");
        assertThat(bars.get("shm (skipped at " + Units.bytes(4096) + ")").getFillColor()).isEqualTo(lines.get("shm 64 B").getLineColor());
    }

    @Test
    void everyColourStandsOutOnWhite() {
        for (var colour : Palette.COLOURS) {
            assertThat(Palette.contrastOnWhite(colour)).as(colour.toString()).isGreaterThanOrEqualTo(3.0);
        }
        assertThat(Palette.contrastOnWhite(java.awt.Color.LIGHT_GRAY)).isLessThan(3.0); // XChart's unix of old
    }

    @Test
    void aComparisonsSixteenRowsHaveSixteenColours() {
        assertThat(Palette.COLOURS).hasSize(16).doesNotHaveDuplicates();
    }

    @Test
    void everyTwoColoursLookDifferent() {
        // The palette before this rule had a green and a dark green 7 apart, and two browns 25 apart
        for (int i = 0; i < Palette.COLOURS.size(); i++) {
            for (int j = i + 1; j < Palette.COLOURS.size(); j++) {
                assertThat(Palette.difference(Palette.COLOURS.get(i), Palette.COLOURS.get(j))).as("colours %d and %d", i, j)
                        .isGreaterThanOrEqualTo(19);
            }
        }
        assertThat(Palette.difference(new java.awt.Color(0x2ca02c).darker(), new java.awt.Color(0x006400))).isLessThan(19);
    }

    @Test
    void thePercentileAxisEndsAtTheNineTheDataReaches() {
        // 10,000 values reach 99.99%: four nines, at 5 on an axis that gives the median a step of its own
        var chart = Charts.latency(List.of(new Charts.Curve("pipe", null, histogram(5_000, 10_000))), "round-trip",
                new Palette(List.of("pipe")));
        assertThat(chart.getStyler().getXAxisMax()).isEqualTo(5.0);
    }

    @Test
    void thePercentileAxisMarksTheMedianAndEachNine() throws Exception {
        assertThat(Charts.position(0)).isEqualTo(0);
        assertThat(Charts.position(0.5)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Charts.position(0.9)).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Charts.position(0.999)).isCloseTo(4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Charts.position(0.7)).isBetween(1.0, 2.0);

        for (int nines : new int[] {2, 3, 5}) { // an axis of 3 steps once got a tick every half: "68.3772%"
            Histogram h = histogram(5_000, (int) Math.pow(10, nines));
            var chart = Charts.latency(List.of(new Charts.Curve("pipe", null, h)), "round-trip", new Palette(List.of("pipe")));
            assertThat(xTickLabels(chart)).as("%d values", (int) Math.pow(10, nines))
                    .containsAll(List.of("0%", "50%", "90%", "99%", "99.9%", "99.99%", "99.999%").subList(0, nines + 2))
                    .allMatch(label -> label.matches("before 0%|0%|50%|90%|99(\\.9+)?%"));
        }
    }

    /** The labels XChart placed on the x axis when it drew the chart (its axes are not public: read them by reflection). */
    private static List<String> xTickLabels(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) throws Exception {
        Charts.png(chart);
        var getXAxis = org.knowm.xchart.internal.chartpart.Chart.class.getDeclaredMethod("getXAxis");
        getXAxis.setAccessible(true);
        var axis = (org.knowm.xchart.internal.chartpart.Axis<?, ?>) getXAxis.invoke(chart);
        return ((org.knowm.xchart.internal.chartpart.AxisTickCalculator_) axis.getAxisTickCalculator()).getTickLabels();
    }

    @Test
    void throughputBarsStandOnALogarithmicAxisAndASkippedSizeHasNone(@TempDir Path dir) throws Exception {
        var chart = Charts.throughput(List.of(
                new Summary("coroutine", "pingpong", 64, 1, L, 2, 2, new Throughput(20_000_000, 1280), 1, 1, 0, 0, Map.of()),
                new Summary("tcp", "pingpong", 64, 1, L, 2, 2, new Throughput(30_000, 2), 1, 1, 0, 0, Map.of()),
                new Summary("coroutine", "pingpong", 4096, 1, L, 2, 2, new Throughput(9_000_000, 36_000), 1, 1, 0, 0, Map.of())),
                List.of(new Report.Skip("tcp", 4096, "larger than its limit")), new Palette(List.of("coroutine", "tcp")));
        assertThat(chart.getStyler().isYAxisLogarithmic()).isTrue();
        assertThat(chart.getSeriesMap().get("tcp (skipped at " + Units.bytes(4096) + ")").getYData().stream().map(v -> v == null ? null : v.doubleValue()).toList()).containsExactly(30_000.0, null);
        Charts.write(chart, dir.resolve("t.png")); // draws, with a missing bar on a log axis
        assertThat(Files.size(dir.resolve("t.png"))).isPositive();
    }
}
