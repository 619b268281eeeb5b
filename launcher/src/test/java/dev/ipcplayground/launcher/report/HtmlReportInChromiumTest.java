package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcplayground.core.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser shows it: a comparison the size of {@code --transport all} (sixteen
 * rows, their settings, a warning for each), rendered by headless Chromium in a 1400x900 window.
 * A script added to the page measures it once loaded and leaves its findings in the DOM, which
 * Chromium prints ({@code --dump-dom}): every chart decoded, no table wider than its box, and the
 * results table on the first screen. Skipped, with the reason, where Chromium is not installed.
 */
class HtmlReportInChromiumTest {

    private static final String PROBE = """
            <script>
            addEventListener('load', () => {
              const images = [...document.images], tables = [...document.querySelectorAll('table')];
              document.body.setAttribute('data-probe', JSON.stringify({
                images: images.length,
                decoded: images.filter(i => i.complete && i.naturalWidth > 0).length,
                tables: tables.length,
                overflowing: tables.filter(t => t.offsetWidth > t.parentElement.clientWidth + 1).length,
                firstTableTop: tables[0].getBoundingClientRect().top,
                firstRowBottom: tables[0].rows[1].getBoundingClientRect().bottom,
                windowWidth: innerWidth, windowHeight: innerHeight }));
            });
            </script>
            """;

    private static final int WIDTH = 1400;

    private static final Pattern FOUND = Pattern.compile("data-probe=\"([^\"]*)\"");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theReportLoadsItsChartsAndItsTablesFitTheWindow(@TempDir Path dir) throws Exception {
        Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(chromium != null, "Chromium is not installed (Debian: apt-get install chromium): the report is not rendered");

        Path page = dir.resolve("report.html");
        Files.writeString(page, HtmlReport.render(everyTransport(), Charts.png(latency()), Charts.png(throughput()))
                .replace("</body>", PROBE + "</body>"));

        JsonNode probe = rendered(chromium, page, dir.resolve("profile"));

        assertThat(probe.get("windowWidth").asInt()).isEqualTo(WIDTH);
        assertThat(probe.get("images").asInt()).as("the latency and the throughput chart").isEqualTo(2);
        assertThat(probe.get("decoded").asInt()).as("charts decoded").isEqualTo(2);
        assertThat(probe.get("overflowing").asInt()).as("tables wider than their box, of " + probe.get("tables")).isZero();
        assertThat(probe.get("firstRowBottom").asDouble()).as("the results' first row on the first screen")
                .isLessThan(probe.get("windowHeight").asDouble());
    }

    /** Chromium's DOM after the page loaded, and the probe's findings in it. */
    private static JsonNode rendered(Path chromium, Path page, Path profile) throws Exception {
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",900", "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // Chromium's helpers (zygote, GPU, renderer) outlive it by a moment, no longer its descendants once it is gone:
        // note them while it runs, and end any that is still there
        java.util.Set<ProcessHandle> helpers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (browser.isAlive()) {
                browser.descendants().forEach(helpers::add);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            String dom = new String(browser.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(browser.waitFor(60, TimeUnit.SECONDS)).as("Chromium exited").isTrue();
            var found = FOUND.matcher(dom);
            assertThat(found.find()).as("the probe's findings in the DOM Chromium printed").isTrue();
            return new ObjectMapper().readTree(found.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
        } finally {
            browser.destroyForcibly();
            watcher.join(5_000);
            for (ProcessHandle helper : helpers) {
                helper.destroyForcibly();
                helper.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Sixteen rows as {@code --transport all} has them: eleven transports and five variants, each with a warning. */
    private static Report everyTransport() {
        List<RunResult> runs = new ArrayList<>();
        List<Summary> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Map<String, String>> settings = List.of(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of("impl", "jdk"), Map.of("impl", "jdk"),
                Map.of("ring", "textbook"), Map.of("ring", "agrona"), Map.of("publish", "claim"));
        List<String> transports = List.of("aeron", "chronicle", "fifo", "pipe", "posix-mq", "shm", "tcp", "unix", "coroutine", "thread",
                "vthread", "tcp", "unix", "shm", "shm", "aeron");
        SideCost side = new SideCost(1, 2_500, 1_200, 2_600, 0.7, 0.1, 0, 0, 0, "0", "1");
        for (int i = 0; i < transports.size(); i++) {
            RunResult run = new RunResult(transports.get(i), "pingpong", 64, 50_000, 90_000, settings.get(i), 0, "round-trip",
                    new Latency(411, 77_200, 108_000, 272_000, 1_350_000, 4_220_000, 7_290_000, 83_500), new Throughput(11_913, 0.76),
                    new Verification(140_000, 0, 0, 0, 0, ""), new RunResult.Costs(side, side), 1, "none", Map.of(), 0, "auto",
                    2_850_000_000L, "quiet");
            runs.add(run);
            Summary row = Summary.of(List.of(run, run, run), settings.get(i));
            rows.add(row);
            warnings.add(row.name() + " 64 B: the hypervisor kept 9% of the CPU time for other guests (steal) (in 3 of 3 repeats; "
                    + "the figures are repeat 1's)");
        }
        return new Report(Report.VERSION, "IPC Playground", new Environment("25", "Intel(R) Xeon(R) Processor", 2, "6.18", "Linux"),
                runs, rows, List.of(), List.of(), warnings);
    }

    private static org.knowm.xchart.XYChart latency() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 10_000; i++) {
            h.recordValue(5_000 + i % 3_000);
        }
        return Charts.latency(List.of(new Charts.Curve("pipe", null, h)), "round-trip", new Palette(List.of("pipe")));
    }

    private static org.knowm.xchart.CategoryChart throughput() {
        var row = new Summary("pipe", "pingpong", 64, 1, new Latency(1, 2, 3, 4, 5, 6, 7, 3), 2, 2, new Throughput(50_000, 3.2), 1, 1, 0, 0,
                Map.of());
        return Charts.throughput(List.of(row), List.of(), new Palette(List.of("pipe")));
    }
}
