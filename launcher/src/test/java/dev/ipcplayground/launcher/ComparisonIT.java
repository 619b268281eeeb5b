package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Several transports and sizes in one command: every one run and verified, in JSON, CSV and .hgrm files. */
@ExtendWith(NothingLeftBehind.class)
class ComparisonIT {

    /** The one run of every transport: also draws the charts and writes the HTML report, checked below. */
    @Test
    void allTransportsAreAllInTheJsonTheChartsAndTheReport(@TempDir Path out) throws Exception {
        Path chart = out.resolve("latency.png"), page = out.resolve("report.html");
        var result = LauncherProcess.run("--transport", "all", "--size", "64", "--count", "300", "--warmup", "100",
                "--format", "json", "--chart", chart.toString(), "--report", page.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode doc = result.json();
        Set<String> cells = new HashSet<>();
        for (JsonNode run : doc.get("runs")) {
            cells.add(run.get("transport").asText() + " " + run.get("messageSize").asInt());
            assertThat(run.get("verification").get("lost").asLong()).isZero();
            assertThat(run.get("repeat").asInt()).isEqualTo(1);
        }
        List<String> transports = List.of("aeron", "chronicle", "coroutine", "fifo", "pipe", "posix-mq", "shm", "tcp", "thread", "unix", "vthread");
        for (String t : transports) {
            assertThat(cells).contains(t + " 64");
        }
        // ... and beside them what each is compared with: the JDK's own sockets, the other two shm rings
        List<String> rows = new ArrayList<>();
        for (JsonNode row : doc.get("summary")) {
            StringBuilder name = new StringBuilder(row.get("transport").asText());
            row.get("settings").properties().forEach(e -> name.append(" --").append(e.getKey()).append(' ').append(e.getValue().asText()));
            rows.add(name + " " + row.get("messageSize").asInt());
        }
        assertThat(rows).hasSize(16).contains("aeron 64", "aeron --publish claim 64", "unix --impl jdk 64", "tcp --impl jdk 64",
                "shm --ring textbook 64", "shm --ring agrona 64", "shm 64");
        assertThat(doc.get("skipped")).isEmpty();

        for (Path image : List.of(chart, out.resolve("latency-throughput.png"))) {
            var decoded = javax.imageio.ImageIO.read(image.toFile());
            assertThat(decoded).as(image + " decodes as an image").isNotNull();
            assertThat(decoded.getWidth()).isGreaterThan(400);
        }
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("</html>");
        for (String t : transports) {
            assertThat(html).contains("<td>" + t + "</td>");
        }
        assertThat(html).contains("--impl jdk").contains("--ring agrona");
        assertThat(html.split("src=\"data:image/png;base64,", -1)).as("both charts embedded").hasSize(3);
        assertThat(html).contains(doc.get("environment").get("cpu").asText());
    }

    @Test
    void chartsCanBeVectorGraphics(@TempDir Path out) throws Exception {
        Path chart = out.resolve("c.svg");
        var result = LauncherProcess.run("--transport", "pipe,unix", "--count", "300", "--warmup", "100", "--chart", chart.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        var xml = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // no network here
        for (Path svg : List.of(chart, out.resolve("c-throughput.svg"))) {
            var document = xml.newDocumentBuilder().parse(svg.toFile());
            assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        }
    }

    @Test
    void aRateRunIsTimedFromWhenEachMessageWasDueAndSaysWhenTheRateWasNotReached() throws Exception {
        var result = LauncherProcess.run("--transport", "pipe", "--mode", "rate", "--rate", "10m", "--size", "1m",
                "--count", "300", "--warmup", "50", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = result.run();
        assertThat(run.get("mode").asText()).isEqualTo("rate");
        assertThat(run.get("rate").asLong()).isEqualTo(10_000_000L);
        assertThat(run.get("latencyKind").asText()).isEqualTo("one-way-from-due");
        PipeIT.assertVerifiedAndCosted(run, 350);
        // 10 million 1 MiB messages a second is 10 TB/s: no pipe does that.
        assertThat(result.json().get("warnings").toString()).contains("asked for 10,000,000 msg/s, reached");
    }

    @Test
    void repeatsRunInTurnsAndTheSummaryShowsTheirSpread(@TempDir Path hgrm) throws Exception {
        var result = LauncherProcess.run("--transport", "pipe,shm", "--size", "64", "--repeat", "2", "--count", "500",
                "--warmup", "100", "--format", "json", "--hgrm", hgrm.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> order = result.json().get("runs").findValuesAsText("transport");
        assertThat(order).containsExactly("pipe", "shm", "pipe", "shm"); // A B, A B: in turns
        for (JsonNode s : result.json().get("summary")) {
            assertThat(s.get("repeats").asInt()).isEqualTo(2);
            assertThat(s.get("p50MinNanos").asLong()).isLessThanOrEqualTo(s.get("latencyNanos").get("p50").asLong())
                    .isPositive();
            assertThat(s.get("p50MaxNanos").asLong()).isGreaterThanOrEqualTo(s.get("latencyNanos").get("p50").asLong());
        }
        try (Stream<Path> files = Files.list(hgrm)) {
            List<Path> all = files.sorted().toList();
            assertThat(all).extracting(p -> p.getFileName().toString()).containsExactly(
                    "pipe-pingpong-64B-r1.hgrm", "pipe-pingpong-64B-r2.hgrm", "shm-pingpong-64B-r1.hgrm", "shm-pingpong-64B-r2.hgrm");
            List<String> lines = Files.readAllLines(all.getFirst());
            assertThat(lines.getFirst().trim()).startsWith("Value").contains("Percentile").contains("TotalCount");
            assertThat(lines).anyMatch(l -> l.startsWith("#[Mean"));
        }
    }

    @Test
    void aSettingShowsOnTheRowsItChangedAndTheHeaderNamesTheTransportsItAppliedTo() throws Exception {
        var result = LauncherProcess.run("--transport", "pipe,shm", "--wait", "spin", "--count", "300", "--warmup", "100");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("\n  --wait spin applied to shm\n").contains("settings (not the default)");
        List<String> rows = result.stdout().lines().filter(l -> l.matches("  (pipe|shm) .*")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("  pipe").doesNotContain("--");
        assertThat(rows.get(1)).startsWith("  shm").endsWith("--wait spin");
    }

    @Test
    void csvHasOneParsableLinePerRun() throws Exception {
        var result = LauncherProcess.run("--transport", "pipe,fifo", "--size", "0,64", "--count", "300", "--warmup", "100",
                "--format", "csv");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).hasSize(5);
        int columns = lines.getFirst().split(",").length;
        assertThat(lines.getFirst()).startsWith("transport,mode,messageSize,repeat,count");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"); // commas outside quotes
            assertThat(cells).hasSize(columns);
            assertThat(Long.parseLong(cells[10])).as("p50Nanos").isPositive();
        }
    }

    @Test
    void aSizeOneTransportCannotCarryIsSkippedWithTheReason() throws Exception {
        var result = LauncherProcess.run("--transport", "posix-mq,pipe", "--size", "64,9000", "--count", "300",
                "--warmup", "100");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("skipped: posix-mq 8.79 KiB: larger than its limit of 8168 bytes")
                .contains("fs.mqueue.msgsize_max");
    }
}
