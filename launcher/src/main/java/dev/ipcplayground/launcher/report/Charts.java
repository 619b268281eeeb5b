package dev.ipcplayground.launcher.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The two pictures of a comparison, drawn with XChart:
 * <ul>
 *   <li>latency by percentile, one line per transport (and size), both axes logarithmic, the
 *       percentile axis stretched so that 50%, 90%, 99%, 99.9% and 99.99% are evenly apart: the
 *       tail, where transports differ most, gets the room;</li>
 *   <li>throughput by message size, a bar per transport, on a logarithmic axis: the slowest
 *       transport's bar stays visible beside the fastest, a hundred times taller.</li>
 * </ul>
 * A transport has one colour in both ({@link Palette}); in the latency chart its sizes differ by
 * the line's dashes, the smallest size drawn solid.
 */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true"); // drawn into images, never onto a screen
    }

    /**
     * One latency distribution to draw.
     *
     * @param size the payload, or {@code null} when the chart has one size only (the legend then names the transport alone)
     */
    public record Curve(String transport, Integer size, Histogram histogram) {
        String label() {
            return size == null ? transport : transport + " " + Units.bytes(size);
        }
    }

    /** The dashes that tell a transport's sizes apart, smallest size first. */
    private static final java.awt.BasicStroke[] DASHES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT,
            SeriesLines.DASH_DOT};

    private static final int WIDTH = 900, HEIGHT = 520;

    private Charts() {}

    /**
     * Latency by percentile. The x axis puts 0%, 50%, 90%, 99%, 99.9% ... at 0, 1, 2, 3, 4 ...: past
     * 90% it counts nines, log10(1 / (1 - p)), so each further nine of the tail gets as much room as
     * the median; below 90% the two steps are stretched the same way ({@link #position}).
     */
    public static XYChart latency(List<Curve> curves, String latencyKind, Palette palette) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Latency by percentile (" + latencyKind + ")").xAxisTitle("percentile").yAxisTitle("latency (µs)").build();
        style(chart.getStyler());
        var styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setYAxisDecimalPattern("#,##0.###"); // 10,000 µs, not 1E4
        styler.setMarkerSize(0);
        // Beside the plot, not over it: a comparison's thirty lines would cover the curves and the axis.
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setXAxisMin(0.0);
        styler.setxAxisTickLabelsFormattingFunction(Charts::percentileLabel);
        List<Integer> sizes = curves.stream().map(Curve::size).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        double furthest = 2;
        for (Curve curve : curves) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (HistogramIterationValue v : curve.histogram().percentiles(5)) {
                double at = position(v.getPercentileLevelIteratedTo() / 100);
                if (!(at <= NINES + 1)) { // also stops at 100%, which is infinitely far
                    break;
                }
                x.add(at);
                y.add(Math.max(1, v.getValueIteratedTo()) / 1000.0);
            }
            if (!x.isEmpty()) {
                furthest = Math.max(furthest, x.getLast());
                var series = chart.addSeries(curve.label(), x, y);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(palette.of(curve.transport()));
                series.setLineStyle(DASHES[curve.size() == null ? 0 : sizes.indexOf(curve.size()) % DASHES.length]);
            }
        }
        styler.setXAxisMax(Math.min(NINES + 1, Math.ceil(furthest - 1e-9))); // up to the nine the data reaches, not beyond
        return chart;
    }

    private static final double MEDIAN_NINES = Math.log10(2);

    /**
     * Where percentile {@code p} (0 to 1) sits on the latency chart's x axis: 0% at 0, 50% at 1, 90%
     * at 2, and then one more for each nine (99% at 3, 99.9% at 4). Between two of these marks the
     * axis counts nines, log10(1 / (1 - p)), evenly.
     */
    static double position(double p) {
        double nines = Math.log10(1 / (1 - p));
        if (nines <= MEDIAN_NINES) {
            return nines / MEDIAN_NINES;
        }
        return nines <= 1 ? 1 + (nines - MEDIAN_NINES) / (1 - MEDIAN_NINES) : 1 + nines;
    }

    /** The percentile axis ends at 99.999% at most: five nines. */
    private static final int NINES = 5;

    /**
     * Throughput by payload size: one bar per transport at each size (medians over the repeats). A
     * size a transport skipped leaves its bar out, and the legend says so.
     */
    public static CategoryChart throughput(List<Summary> summaries, List<Report.Skip> skipped, Palette palette) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Throughput by message size").xAxisTitle("payload").yAxisTitle("messages per second").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setDecimalPattern("#,###");
        // Logarithmic, from the power of ten below the slowest bar (a bar chart's axis would start at 0, which a log axis lacks)
        summaries.stream().mapToDouble(s -> s.throughput().messagesPerSecond()).filter(rate -> rate > 0).min().ifPresent(slowest -> {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(slowest))));
        });
        Set<Integer> sizes = new LinkedHashSet<>();
        summaries.stream().map(Summary::messageSize).sorted().forEach(sizes::add);
        Map<String, Map<Integer, Double>> byTransport = new LinkedHashMap<>();
        for (Summary s : summaries) {
            byTransport.computeIfAbsent(s.name(), k -> new LinkedHashMap<>()).put(s.messageSize(), s.throughput().messagesPerSecond());
        }
        List<String> labels = sizes.stream().map(Units::bytes).toList();
        byTransport.forEach((transport, bySize) -> {
            List<String> missing = skipped.stream().filter(s -> s.transport().equals(transport) && sizes.contains((int) s.messageSize()))
                    .map(s -> Units.bytes(s.messageSize())).toList();
            String name = missing.isEmpty() ? transport : transport + " (skipped at " + String.join(", ", missing) + ")"; // the report says why
            // a size it did not run has no bar (null): a 0 has no place on a logarithmic axis
            chart.addSeries(name, labels, sizes.stream().map(size -> bySize.get(size)).toList())
                    .setFillColor(palette.of(transport));
        });
        return chart;
    }

    /** Whether the summaries sweep the producer count: then a scaling chart shows how each transport holds up. */
    public static boolean sweepsProducers(List<Summary> summaries) {
        return summaries.stream().map(Summary::producers).distinct().count() > 1;
    }

    /**
     * The scaling chart: aggregate throughput ({@code p99} false) or the p99 latency ({@code p99}
     * true) by the number of producers, one line per transport (and size, when there are several).
     */
    public static XYChart scaling(List<Summary> summaries, boolean p99, Palette palette) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(p99 ? "p99 latency by producers" : "Throughput by producers, all together")
                .xAxisTitle("producers").yAxisTitle(p99 ? "p99 latency (µs)" : "messages per second").build();
        style(chart.getStyler());
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setYAxisLogarithmic(true);
        styler.setDecimalPattern("#,###.#");
        // x is log2 of the producer count, so 1, 2, 4, 8 ... are evenly spaced, and labelled as counts
        styler.setxAxisTickLabelsFormattingFunction(x -> Math.abs(x - Math.rint(x)) < 1e-6 && x >= 0 && x < 31
                ? Long.toString(1L << Math.round(x)) : "");
        List<Integer> sizes = summaries.stream().map(Summary::messageSize).distinct().sorted().toList();
        Map<String, List<Summary>> lines = new LinkedHashMap<>();
        for (Summary s : summaries) {
            lines.computeIfAbsent(s.line() + (sizes.size() > 1 ? " " + Units.bytes(s.messageSize()) : ""), k -> new ArrayList<>()).add(s);
        }
        lines.forEach((label, points) -> {
            List<Summary> byN = points.stream().sorted(java.util.Comparator.comparingInt(Summary::producers)).toList();
            var series = chart.addSeries(label, byN.stream().map(s -> Math.log(s.producers()) / Math.log(2)).toList(),
                    byN.stream().map(s -> p99 ? Math.max(1, s.latencyNanos().p99()) / 1000.0 : Math.max(1, s.throughput().messagesPerSecond()))
                            .toList());
            series.setLineColor(palette.of(byN.getFirst().line()));
            series.setMarkerColor(palette.of(byN.getFirst().line()));
            series.setLineStyle(DASHES[sizes.indexOf(byN.getFirst().messageSize()) % DASHES.length]);
        });
        return chart;
    }

    /** Writes the chart as PNG or SVG, by the file's extension. */
    public static void write(Chart<?, ?> chart, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (name.endsWith(".svg")) {
            try (var out = Files.newOutputStream(file)) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        } else {
            Files.write(file, png(chart));
        }
    }

    public static byte[] png(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        return out.toByteArray();
    }

    /** "p.png" gives "p-throughput.png": the second chart beside the first. */
    public static Path beside(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(dot < 0 ? name + "-" + suffix : name.substring(0, dot) + "-" + suffix + name.substring(dot));
    }

    /**
     * The label of a tick at {@code position}: "0%", "50%", "90%", "99%", "99.9%" ... at the whole
     * positions. XChart places the ticks itself, at a step it shrinks while the labels fit; a tick
     * between two marks gets a label too wide to fit anywhere, so XChart takes the smallest whole
     * step instead, and the axis shows only the marks (its labels must also differ, or it never
     * stops looking).
     */
    static String percentileLabel(double position) {
        long mark = Math.round(position);
        if (Math.abs(position - mark) > 1e-6) {
            return "a tick between two percentiles, which never fits".repeat(4);
        }
        if (mark < 0) {
            return "before 0%"; // XChart also labels a step before the axis and two after it, then draws what is in range
        }
        return switch ((int) Math.min(mark, 30)) {
            case 0 -> "0%";
            case 1 -> "50%";
            case 2 -> "90%";
            default -> "99" + (mark == 3 ? "" : "." + "9".repeat((int) mark - 3)) + "%";
        };
    }

    private static void style(org.knowm.xchart.style.AxesChartStyler styler) {
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotGridLinesVisible(true);
        styler.setLegendBorderColor(java.awt.Color.LIGHT_GRAY);
        styler.setChartTitleBoxVisible(false);
    }
}
