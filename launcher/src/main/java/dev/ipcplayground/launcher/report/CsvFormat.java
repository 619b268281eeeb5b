package dev.ipcplayground.launcher.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code --format csv}: one line per run (every repeat), every figure of the JSON document in a
 * column; with several producers, the producer columns are all of them together (pid: the first's).
 */
public final class CsvFormat {

    static final List<String> COLUMNS = List.of("transport", "mode", "messageSize", "repeat", "count", "warmup", "settings",
            "latencyKind", "pin", "minNanos", "p50Nanos", "p90Nanos", "p99Nanos", "p999Nanos", "p9999Nanos", "maxNanos", "meanNanos",
            "messagesPerSecond", "megabytesPerSecond", "received", "lost", "duplicated", "reordered", "corrupt",
            "producerPid", "producerCpuNanosPerMessage", "producerSystemNanosPerMessage", "producerVoluntarySwitchesPerMessage",
            "producerInvoluntarySwitchesPerMessage", "producerAllocatedBytesPerMessage", "producerGcCycles",
            "consumerPid", "consumerCpuNanosPerMessage", "consumerSystemNanosPerMessage", "consumerVoluntarySwitchesPerMessage",
            "consumerInvoluntarySwitchesPerMessage", "consumerAllocatedBytesPerMessage", "consumerGcCycles",
            "producers", "workNanos", "fairnessJainIndex", "fairnessMinShare", "fairnessMaxShare",
            "rate", "warmupPolicy", "warmupNanos", "warmupEnd", "producerProcessCpuNanosPerMessage", "producerJitMillisWhileMeasuring",
            "consumerProcessCpuNanosPerMessage", "consumerJitMillisWhileMeasuring", "facts", "warnings");

    private CsvFormat() {}

    public static String render(Report report) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (RunResult r : report.runs()) {
            Latency l = r.latencyNanos();
            var v = r.verification();
            List<Object> cells = new java.util.ArrayList<>(List.of(r.transport(), r.mode(), r.messageSize(), r.repeat(),
                    r.count(), r.warmup(), quote(settings(r)), r.latencyKind(), r.pin(), l.min(), l.p50(), l.p90(), l.p99(),
                    l.p999(), l.p9999(), l.max(), l.mean(), r.throughput().messagesPerSecond(),
                    r.throughput().megabytesPerSecond(), v.received(), v.lost(), v.duplicated(), v.reordered(), v.corrupt()));
            for (SideCost c : List.of(r.cost().producer(), r.cost().consumer())) {
                cells.addAll(List.of(c.pid(), c.cpuNanosPerMessage(), c.systemNanosPerMessage(),
                        c.voluntarySwitchesPerMessage(), c.involuntarySwitchesPerMessage(), c.allocatedBytesPerMessage(),
                        c.gcCycles()));
            }
            cells.addAll(List.of(r.producers(), r.workNanos(), r.fairness().jainIndex(), r.fairness().minShare(),
                    r.fairness().maxShare(), r.rate(), r.warmupPolicy(), r.warmupNanos(), r.warmupEnd(),
                    r.cost().producer().processCpuNanosPerMessage(), r.cost().producer().jitMillisWhileMeasuring(),
                    r.cost().consumer().processCpuNanosPerMessage(), r.cost().consumer().jitMillisWhileMeasuring(),
                    quote(r.facts() == null ? "" : r.facts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(";"))),
                    quote(String.join("; ", r.warnings()))));
            out.append(cells.stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n');
        }
        return out.toString();
    }

    private static String settings(RunResult r) {
        return r.settings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
