package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.InProcessTransport;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.JsonDamage;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Transports;
import dev.ipcplayground.core.rig.SideResult;
import dev.ipcplayground.launcher.report.CsvFormat;
import dev.ipcplayground.launcher.report.Environment;
import dev.ipcplayground.launcher.report.HtmlReport;
import dev.ipcplayground.launcher.report.Report;
import dev.ipcplayground.launcher.report.RunResult;
import dev.ipcplayground.launcher.report.Summary;
import dev.ipcplayground.launcher.report.TableFormat;
import dev.ipcplayground.launcher.report.TrustChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The consumer's result as the launcher reads it, damaged: the {@code RESULT} frame a
 * {@code launcher serve} sends back crosses a network from a host the producer does not control.
 * A real stream's result (from the {@code thread} transport), damaged by {@link JsonDamage}.
 * {@link SideResult#read} gives a result the report can be built from, or an IOException saying
 * why not; the report is then built ({@link RunSession#assemble}) or refused as a failed run, and
 * nothing else escapes. Seeded, replayable by name.
 */
class ResultFuzzTest {

    private static final int CASES = 300;
    private static final long SEED = 20261207L;

    private static final RunSpec SPEC = new RunSpec("thread", Mode.STREAM, 64, 200, 20, Duration.ofSeconds(20), Duration.ZERO,
            Pin.NONE, Map.of());
    private static InProcessTransport.Results real;

    static Stream<JsonDamage.Case> results() throws Exception {
        Path directory = Files.createTempDirectory("result-fuzz");
        try {
            InProcessTransport thread = (InProcessTransport) Transports.named("thread");
            real = thread.runBoth(new RunContext(directory, "fuzz", ProcessHandle.current().pid(), thread.check(SPEC)));
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return JsonDamage.of(Json.MAPPER.writeValueAsBytes(real.consumer()), CASES, SEED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("results")
    void aResultIsReportedOrRefusedSayingWhy(JsonDamage.Case input) throws Exception {
        SideResult consumer;
        try {
            consumer = SideResult.read(input.json(), "the consumer");
        } catch (IOException e) {
            assertThat(e.getMessage()).as("says why").isNotBlank();
            return;
        }
        try {
            RunSession.Measured measured = RunSession.assemble(Transports.named("thread"), SPEC,
                    new Supervisor.Outcome(real.producers(), consumer), 1);
            // ...and printed as every format would: warnings, summary, table, CSV, JSON, HTML
            RunResult run = measured.result().withWarnings(TrustChecks.of(measured.result(), 2, 0.5, 0.1));
            Report report = new Report(Report.VERSION, "tool", new Environment("25", "cpu", 2, "6", "Linux"), List.of(run),
                    List.of(Summary.of(List.of(run), Map.of())), List.of(), List.of(), run.warnings());
            assertThat(TableFormat.render(report)).isNotBlank();
            assertThat(CsvFormat.render(report)).isNotBlank();
            assertThat(Json.MAPPER.writeValueAsString(report)).isNotBlank();
            assertThat(HtmlReport.render(report, new byte[] {1}, new byte[] {1})).isNotBlank(); // the charts are not what is read here
        } catch (RunFailure e) {
            assertThat(e.getMessage()).as("says why").isNotBlank();
        }
    }
}
