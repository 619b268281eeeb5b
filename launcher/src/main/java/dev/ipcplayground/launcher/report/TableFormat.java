package dev.ipcplayground.launcher.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The report for people: what ran, its latency percentiles, throughput, cost, and the check. */
public final class TableFormat {

    private TableFormat() {}

    public static String render(Report report) {
        StringBuilder out = new StringBuilder();
        Environment env = report.environment();
        out.append(report.tool()).append(" · JDK ").append(env.jdk()).append(" · ").append(env.cpu())
                .append(" · ").append(env.cores()).append(" cores · Linux ").append(env.kernel()).append("\n");
        if (report.runs().size() == 1) {
            out.append('\n').append(render(report.runs().getFirst()));
        } else {
            out.append('\n').append(comparison(report));
        }
        for (Report.Skip skip : report.skipped()) {
            out.append("\n  skipped: ").append(skip.transport()).append(' ').append(Units.bytes(skip.messageSize()))
                    .append(": ").append(skip.reason());
        }
        out.append(report.skipped().isEmpty() ? "" : "\n");
        if (!report.warnings().isEmpty()) {
            out.append("\n  Can these numbers be trusted?\n");
            report.warnings().forEach(w -> out.append("  ! ").append(w).append('\n'));
        }
        return out.toString();
    }

    /**
     * Several runs: one row per transport and size, medians over the repeats, with the spread of
     * p50 among them. A star marks the best p50 and the best throughput at each size.
     */
    static String comparison(Report report) {
        List<Summary> rows = report.summary();
        RunResult first = report.runs().getFirst();
        int repeats = rows.getFirst().repeats();
        StringBuilder out = new StringBuilder();
        out.append(first.mode()).append(" · ").append(first.latencyKind()).append(" latency · ")
                .append(Units.count(first.count())).append(" messages after ")
                .append(warmupOfAll(first))
                .append(" · ")
                .append(repeats == 1 ? "one run each" : repeats + " runs each, in turns; medians, and the spread of p50")
                .append(pinned(first.pin()))
                .append("\n");
        report.settings().forEach(given -> out.append("  ").append(given.describe()).append('\n'));
        out.append('\n');
        boolean anySettings = rows.stream().anyMatch(s -> !s.settings().isEmpty());
        boolean many = rows.stream().anyMatch(s -> s.producers() > 1);
        if (first.workNanos() > 0) {
            out.append("  the consumer works ").append(Units.nanos(first.workNanos())).append(" per message\n");
        }
        if (many) {
            out.append("  N producers per row: msg/s is theirs together, CPU/msg prod theirs per message, fair is Jain's index of their rates\n");
        }
        TextTable table = new TextTable().left(15).row("transport", many ? "N" : "", "size", "p50", "p90", "p99", "p99.9", "max", "msg/s",
                "CPU/msg prod", "cons", "sleeps/msg prod", "cons", repeats == 1 ? "" : "p50 spread",
                many ? "fair" : "", anySettings ? "settings (not the default)" : "");
        for (Summary s : rows) {
            boolean bestLatency = rows.stream().filter(o -> o.messageSize() == s.messageSize() && o.producers() == s.producers())
                    .allMatch(o -> o.latencyNanos().p50() >= s.latencyNanos().p50());
            boolean bestRate = rows.stream().filter(o -> o.messageSize() == s.messageSize() && o.producers() == s.producers())
                    .allMatch(o -> o.throughput().messagesPerSecond() <= s.throughput().messagesPerSecond());
            Latency l = s.latencyNanos();
            table.row(s.transport(), many ? Integer.toString(s.producers()) : "", Units.bytes(s.messageSize()),
                    Units.nanos(l.p50()) + (bestLatency ? " *" : "  "),
                    Units.nanos(l.p90()), Units.nanos(l.p99()), Units.nanos(l.p999()), Units.nanos(l.max()),
                    Units.count(s.throughput().messagesPerSecond()) + (bestRate ? " *" : "  "),
                    Units.nanos(s.producerCpuNanosPerMessage()), Units.nanos(s.consumerCpuNanosPerMessage()),
                    Units.ratio(s.producerSleepsPerMessage()), Units.ratio(s.consumerSleepsPerMessage()),
                    repeats == 1 ? "" : Units.nanos(s.p50MinNanos()) + " – " + Units.nanos(s.p50MaxNanos()),
                    many ? String.format(java.util.Locale.ROOT, "%.2f", s.jainIndex()) : "",
                    settings(s.settings()).replaceFirst("^ · ", ""));
        }
        out.append(table.render("  "));
        out.append("\n  * the best p50 and the best throughput at each size").append(many ? " and producer count" : "")
                .append(". Every message of every run was verified.\n");
        return out.toString();
    }

    static String render(RunResult run) {
        StringBuilder out = new StringBuilder();
        out.append(run.transport()).append(" · ").append(run.mode())
                .append(run.rate() > 0 ? " at " + Units.count(run.rate()) + " msg/s" : "").append(" · ")
                .append(load(run))
                .append(Units.bytes(run.messageSize())).append(" payload · ")
                .append(Units.count(run.count())).append(" messages ")
                .append(run.warmup() == 0 ? "with no warm-up" : "after " + Units.count(run.warmup()) + " warm-up" + warmup(run))
                .append(run.soakSeconds() > 0 ? " (a " + run.soakSeconds() + " s soak)" : "")
                .append(settings(run.settings())).append(pinned(run.pin())).append("\n\n");

        Latency l = run.latencyNanos();
        out.append(new TextTable()
                .row(run.latencyKind(), "min", "p50", "p90", "p99", "p99.9", "p99.99", "max", "mean")
                .row("latency", Units.nanos(l.min()), Units.nanos(l.p50()), Units.nanos(l.p90()), Units.nanos(l.p99()),
                        Units.nanos(l.p999()), Units.nanos(l.p9999()), Units.nanos(l.max()), Units.nanos(l.mean()))
                .render("  "));
        String why = why(run);
        if (!why.isEmpty()) {
            out.append("  why         ").append(wrapped(why, 90, "\n              ")).append('\n');
        }

        Throughput t = run.throughput();
        out.append("\n  throughput  ").append(Units.count(t.messagesPerSecond())).append(" msg/s · ")
                .append(Units.megabytes(t.megabytesPerSecond())).append(" MB/s of payload").append(run.producers() > 1 ? ", all producers together" : "")
                .append("\n");
        if (run.producers() > 1) {
            out.append("  producers   ").append(run.producers()).append(": ").append(run.fanIn()).append('\n')
                    .append("  fairness    ").append(fairness(run.fairness())).append('\n');
        }
        out.append('\n');

        TextTable cost = new TextTable()
                .row("per message", "pid", "CPU", "of it kernel", "JVM CPU", "sleeps", "preemptions", "heap bytes", "GC cycles");
        side(cost, run.producers() > 1 ? run.producers() + " producers" : "producer", run.cost().producer(), run.producers());
        side(cost, "consumer", run.cost().consumer(), 1);
        out.append(cost.render("  "));

        var v = run.verification();
        out.append("\n  verified  ").append(Units.count(v.received())).append(" received · ")
                .append(v.lost()).append(" lost · ").append(v.duplicated()).append(" duplicated · ")
                .append(v.reordered()).append(" reordered · ").append(v.corrupt()).append(" corrupt\n");
        if (run.facts() != null && !run.facts().isEmpty()) {
            out.append("  learnt    ").append(String.join("\n            ", factsBySide(run.facts()))).append("\n");
        }
        if (!"none".equals(run.pin())) {
            out.append("  placed    ").append(placement(run.cost())).append("\n");
        }
        if (run.cost().producer().allocations() != null) {
            out.append("  allocated ").append(allocations("producer", run.cost().producer())).append('\n')
                    .append("            ").append(allocations("consumer", run.cost().consumer())).append('\n');
        }
        return out.toString();
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters, joined by {@code newLine}. */
    static String wrapped(String text, int width, String newLine) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > width) {
                out.append(newLine);
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    /**
     * Why a ping-pong's round trip took what it did, when both sides slept for most messages: then
     * the figure is mostly wake-ups, the two sides' CPU and the time waiting to run again, which
     * this line splits from the run's own figures (their mean against the mean round trip). Empty
     * when a side mostly did not sleep, or for a stream or many producers.
     */
    static String why(RunResult run) {
        SideCost p = run.cost().producer(), c = run.cost().consumer();
        if (!"pingpong".equals(run.mode()) || run.producers() != 1
                || p.voluntarySwitchesPerMessage() < 0.5 || c.voluntarySwitchesPerMessage() < 0.5) {
            return "";
        }
        double cpu = p.cpuNanosPerMessage() + c.cpuNanosPerMessage(), mean = run.latencyNanos().mean();
        boolean split = p.systemNanosPerMessage() >= 0 && c.systemNanosPerMessage() >= 0;
        String where = switch (run.pin()) {
            case "same" -> "both pinned to one CPU, each wake-up a switch on it";
            case "apart" -> "pinned apart, each wake-up crosses to the other CPU";
            default -> "unpinned; --pin same keeps both on one CPU";
        };
        String wait = run.settings().containsKey("wait") ? ", --wait spin never sleeps" : "";
        return String.format(java.util.Locale.ROOT, "each side slept for %.0f%% and %.0f%% of its messages: a round trip (%s mean) "
                        + "holds up to two wake-ups, %s of the two sides' CPU%s and %s waiting to run (%s%s)",
                100 * Math.min(1, p.voluntarySwitchesPerMessage()), 100 * Math.min(1, c.voluntarySwitchesPerMessage()),
                Units.nanos(mean), Units.nanos(cpu),
                split ? " (" + Units.nanos(p.systemNanosPerMessage() + c.systemNanosPerMessage()) + " in the kernel)" : "",
                Units.nanos(Math.max(0, mean - cpu)), where, wait);
    }

    /** "producer, 128 B/msg: 100% java.nio.DirectByteBuffer in java.nio.DirectByteBuffer.slice, from io.netty..." */
    static String allocations(String side, SideCost cost) {
        String sites = cost.allocations().isEmpty() ? "nothing sampled while measuring"
                : cost.allocations().stream().map(a -> Math.round(100 * a.share()) + "% " + a.type() + " in " + a.allocatedIn()
                        + (a.via().isEmpty() ? "" : ", from " + a.via())).collect(Collectors.joining("; "));
        return side + ", " + Units.heapBytes(cost.allocatedBytesPerMessage()) + " B/msg: " + sites;
    }

    /**
     * The warm-up of a comparison's runs, in its caption: the policy they share, never one run's
     * figures for all ("a warm-up until the JIT was quiet", "10,000 warm-up messages each"); each
     * run's own warm-up is in its row of the HTML report and the JSON.
     */
    static String warmupOfAll(RunResult first) {
        return "auto".equals(first.warmupPolicy()) ? "a warm-up until the JIT was quiet"
                : Units.count(first.warmup() / Math.max(1, first.producers())) + " warm-up messages" + (first.producers() > 1 ? " per producer" : "");
    }

    /** " (0.84 s, until the JIT was quiet)": how long the warm-up took, and what ended it. */
    static String warmup(RunResult run) {
        String ended = switch (run.warmupEnd()) {
            case "quiet" -> "until the JIT was quiet";
            case "limit" -> "stopped at its limit";
            default -> "";
        };
        return " (" + Units.nanos(run.warmupNanos()) + (ended.isEmpty() ? "" : ", " + ended) + ")";
    }

    /** "producer: messaging thread on CPU 0, rest of the JVM on 1 · consumer: ..." */
    static String placement(RunResult.Costs costs) {
        return "producer: " + placement(costs.producer()) + " · consumer: " + placement(costs.consumer());
    }

    private static String placement(SideCost side) {
        return "messaging thread on CPU " + side.messagingThreadCpus() + ", rest of the JVM on " + side.jvmCpus();
    }

    /** {@code consumer.peer-pid=9454} ... as "consumer: peer-pid 9454, peer-uid 0 · producer: ...", on one line. */
    static String facts(Map<String, String> facts) {
        return String.join(" · ", factsBySide(facts));
    }

    /**
     * Each side's facts as one phrase, a side a line: "consumer: peer-pid 9454, peer-uid 0". Facts
     * of one part ({@code reading, records per batch}) are said once under that part's name, and a
     * rate of records says "records" once: "reading 1.4 records per batch, 1.4 per sleep; writing
     * 28,055 records per head read". The JSON keeps every fact as it came, a number to a key.
     */
    static List<String> factsBySide(Map<String, String> facts) {
        Map<String, Map<String, List<Fact>>> bySide = new java.util.TreeMap<>(); // side, then part ("" for none)
        facts.forEach((key, value) -> {
            int dot = key.indexOf('.'), comma = key.indexOf(", ");
            String part = comma < 0 ? "" : key.substring(dot + 1, comma);
            bySide.computeIfAbsent(key.substring(0, dot), k -> new java.util.LinkedHashMap<>())
                    .computeIfAbsent(part, k -> new java.util.ArrayList<>())
                    .add(new Fact(key.substring(comma < 0 ? dot + 1 : comma + 2), value));
        });
        List<String> lines = new java.util.ArrayList<>();
        bySide.forEach((side, parts) -> lines.add(side + ": " + parts.entrySet().stream()
                .map(part -> (part.getKey().isEmpty() ? "" : part.getKey() + " ") + phrase(part.getValue()))
                .collect(Collectors.joining("; "))));
        return lines;
    }

    /** One fact a side learnt: its name ("peer-pid", "records per batch") and its value. */
    private record Fact(String name, String value) { }

    /**
     * A part's facts as one phrase: "peer-pid 6107, peer-uid 0"; rates of records with the figure
     * first and "records" said once: "1.4 records per batch, 1.4 per sleep".
     */
    private static String phrase(List<Fact> facts) {
        List<String> said = new java.util.ArrayList<>();
        boolean recordsSaid = false;
        for (Fact fact : facts) {
            if (fact.name().startsWith("records ") && isNumber(fact.value())) {
                said.add(readable(fact.value()) + " " + (recordsSaid ? fact.name().substring("records ".length()) : fact.name()));
                recordsSaid = true;
            } else if (fact.name().startsWith("records ")) {
                said.add(fact.name() + ": " + fact.value()); // "records per head read: all (never read)"
            } else {
                said.add(fact.name() + " " + fact.value());
            }
        }
        return String.join(", ", said);
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException words) {
            return false;
        }
    }

    /** A figure of 100 or more without its decimal, grouped: 28,055; anything else as it is. */
    private static String readable(String value) {
        try {
            double v = Double.parseDouble(value);
            return v >= 100 ? String.format(java.util.Locale.ROOT, "%,.0f", v) : value;
        } catch (NumberFormatException words) {
            return value;
        }
    }

    /** "4 producers · the consumer works 2 µs per message · ", or nothing for one idle consumer. */
    static String load(RunResult run) {
        return (run.producers() > 1 ? run.producers() + " producers · " : "")
                + (run.workNanos() > 0 ? "the consumer works " + Units.nanos(run.workNanos()) + " per message · " : "");
    }

    /** "Jain's index 0.998; each producer's share of the rate 24.1% to 25.9% (25% each when fair)". */
    static String fairness(Fairness f) {
        int n = f.messagesPerSecond().size();
        return String.format(java.util.Locale.ROOT, "Jain's index %.3f; each producer's share of the rate %.1f%% to %.1f%% (%.1f%% each when even)",
                f.jainIndex(), 100 * f.minShare(), 100 * f.maxShare(), 100.0 / n);
    }

    private static void side(TextTable table, String name, SideCost c, int processes) {
        table.row(name, c.pid() + (processes > 1 ? "+" + (processes - 1) : ""), Units.nanos(c.cpuNanosPerMessage()),
                c.systemNanosPerMessage() < 0 ? "n/a" : Units.nanos(c.systemNanosPerMessage()),
                Units.nanos(c.processCpuNanosPerMessage()), Units.ratio(c.voluntarySwitchesPerMessage()),
                Units.ratio(c.involuntarySwitchesPerMessage()), Units.heapBytes(c.allocatedBytesPerMessage()),
                Long.toString(c.gcCycles()));
    }

    private static String pinned(String pin) {
        return switch (pin) {
            case "same" -> " · both messaging threads pinned to CPU 0";
            case "apart" -> " · pinned apart: the producer's messaging thread on CPU 0, the consumer's on CPU 1";
            default -> "";
        };
    }

    static String settings(Map<String, String> settings) {
        return settings.isEmpty() ? "" : " · " + settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + " " + e.getValue()).collect(Collectors.joining(" "));
    }
}
