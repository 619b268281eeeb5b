package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Verification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTML page: with a sweep of producers, the scaling charts and a row per producer count. */
class HtmlReportTest {

    private static RunResult run(int producers) {
        SideCost side = new SideCost(1, 1, 1, 1, 0, 0, 0, 0, 0, "0", "1");
        RunResult one = new RunResult("pipe", "stream", 64, 1000, 100, Map.of(), 0, "one-way", new Latency(1, 2, 3, 4, 5, 6, 7, 3.0),
                new Throughput(1e5 * producers, 6.4), new Verification(1100, 0, 0, 0, 0, ""), new RunResult.Costs(side, side), 1, "none",
                Map.of(), 0, "auto", 1, "quiet");
        return new RunResult(one.transport(), one.mode(), one.messageSize(), one.count(), one.warmup(), one.settings(), one.soakSeconds(),
                one.latencyKind(), one.latencyNanos(), one.throughput(), one.verification(), one.cost(), one.repeat(), one.pin(),
                one.facts(), one.rate(), one.warmupPolicy(), one.warmupNanos(), one.warmupEnd(), producers, 0,
                producers == 1 ? "" : "one requests pipe", one.fairness());
    }

    @Test
    void aSweepOfProducersShowsTheScalingChartsAndARowPerCount() {
        List<RunResult> runs = List.of(run(1), run(4));
        List<Summary> summary = runs.stream().map(r -> Summary.of(List.of(r), Map.of())).toList();
        Report report = new Report(Report.VERSION, "tool", new Environment("25", "cpu", 2, "6", "Linux"), runs, summary, List.of(),
                List.of(), List.of());
        byte[] png = {1, 2, 3};

        String page = HtmlReport.render(report, png, png, png, png);

        assertThat(page).contains("<h2>Many producers, one consumer</h2>").contains("pipe ×4 producers")
                .contains("aggregate throughput by producer count").contains("p99 latency by producer count");
        assertThat(HtmlReport.render(report, png, png)).doesNotContain("Many producers, one consumer");
    }

    /** The page opens with the results; what qualifies them follows right below, not above (a screen of warnings first). */
    @Test
    void theResultsComeBeforeTheWarnings() {
        List<RunResult> runs = List.of(run(1));
        List<Summary> summary = runs.stream().map(r -> Summary.of(List.of(r), Map.of())).toList();
        Report report = new Report(Report.VERSION, "tool", new Environment("25", "cpu", 2, "6", "Linux"), runs, summary, List.of(),
                List.of(), List.of("pipe 64 B: the hypervisor kept 9% of the CPU time for other guests (steal)"));

        String page = HtmlReport.render(report, new byte[] {1}, new byte[] {1});

        assertThat(page.indexOf("<table")).as("the results table").isPositive().isLessThan(page.indexOf("Can these numbers be trusted?"));
    }

    /** Each warning links to the row it qualifies; a variant's warning to the variant's row, not its transport's. */
    @Test
    void aWarningLinksToItsRow() {
        RunResult plain = run(1);
        List<Summary> rows = List.of(Summary.of(List.of(plain), Map.of()), Summary.of(List.of(plain), Map.of("ring", "agrona")));

        assertThat(HtmlReport.linked("pipe --ring agrona 64 B: the JIT compiled", rows))
                .isEqualTo("<a href=\"#row-2\">pipe --ring agrona 64 B</a>: the JIT compiled");
        assertThat(HtmlReport.linked("pipe 64 B: steal", rows)).isEqualTo("<a href=\"#row-1\">pipe 64 B</a>: steal");
        assertThat(HtmlReport.linked("something else <b>", rows)).isEqualTo("something else &lt;b&gt;");

        Report report = new Report(Report.VERSION, "tool", new Environment("25", "cpu", 2, "6", "Linux"), List.of(plain, plain), rows,
                List.of(), List.of(), List.of("pipe 64 B: steal"));
        assertThat(HtmlReport.render(report, new byte[] {1}, new byte[] {1})).contains("<tr id=\"row-1\">", "<tr id=\"row-2\">",
                "<a href=\"#row-1\">");
    }
}
