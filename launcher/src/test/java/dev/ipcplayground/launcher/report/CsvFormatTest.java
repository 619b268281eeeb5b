package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Verification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CSV carries every figure of a run, and its facts and warnings, one line per run. */
class CsvFormatTest {

    @Test
    void everyColumnHasItsCellAndTheWarningsAndFactsAreThere() {
        SideCost side = new SideCost(7, 1, 1, 2.5, 0, 0, 0, 0, 3, "0", "1");
        RunResult run = new RunResult("unix", "pingpong", 64, 1000, 100, Map.of("wait", "block"), 0, "round-trip",
                new Latency(1, 2, 3, 4, 5, 6, 7, 3.0), new Throughput(1e5, 6.4), new Verification(1100, 0, 0, 0, 0, ""),
                new RunResult.Costs(side, side), 1, "none", Map.of("consumer.peer-pid", "4242"), 0, "auto", 5_000, "quiet")
                .withWarnings(List.of("unix 64 B: the JIT compiled, a lot", "unix 64 B: steal"));
        Report report = new Report(Report.VERSION, "tool", new Environment("25", "cpu", 2, "6", "Linux"), List.of(run), List.of(),
                List.of(), List.of(), run.warnings());

        List<String> lines = CsvFormat.render(report).lines().toList();

        assertThat(lines).hasSize(2);
        List<String> header = List.of(lines.get(0).split(","));
        String[] cells = lines.get(1).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"); // commas outside quotes
        assertThat(cells).hasSize(header.size());
        assertThat(cells[header.indexOf("warnings")]).isEqualTo("\"unix 64 B: the JIT compiled, a lot; unix 64 B: steal\"");
        assertThat(cells[header.indexOf("facts")]).isEqualTo("\"consumer.peer-pid=4242\"");
        assertThat(cells[header.indexOf("producerJitMillisWhileMeasuring")]).isEqualTo("3");
        assertThat(cells[header.indexOf("producerProcessCpuNanosPerMessage")]).isEqualTo("2.5");
        assertThat(cells[header.indexOf("warmupEnd")]).isEqualTo("quiet");
        assertThat(cells[header.indexOf("producers")]).isEqualTo("1");
    }
}
