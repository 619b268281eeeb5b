package dev.ipcplayground.launcher.report;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code --report FILE.html}: one self-contained page (styles inline, charts embedded as PNG data)
 * with the comparison table, the two charts, every run's settings, costs and checks, the
 * environment, and the warnings. It can be mailed, attached or opened offline as it is.
 */
public final class HtmlReport {

    private HtmlReport() {}

    public static String render(Report report, byte[] latencyPng, byte[] throughputPng) {
        return render(report, latencyPng, throughputPng, null, null);
    }

    /**
     * The page, with the scaling charts ({@code scalingPng}, {@code scalingP99Png}: throughput and
     * p99 by the producer count) when the run swept {@code --producers}; null otherwise.
     */
    public static String render(Report report, byte[] latencyPng, byte[] throughputPng, byte[] scalingPng, byte[] scalingP99Png) {
        StringBuilder h = new StringBuilder(16 * 1024);
        Environment env = report.environment();
        h.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>IPC Playground report</title>
                <style>
                body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2433;margin:0;background:#f6f7f9}
                main{max-width:1100px;margin:0 auto;padding:24px 28px 48px;background:#fff;min-height:100vh}
                h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid #e3e6eb;padding-bottom:4px}
                .sub{color:#5b6475;margin:0 0 18px}
                table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;font-size:13px}
                .scroll{overflow-x:auto}
                th,td{padding:5px 7px;border-bottom:1px solid #eceef2;text-align:right;white-space:nowrap}
                td.wrap{white-space:normal;min-width:16em;overflow-wrap:anywhere}
                th{background:#f1f3f6;font-weight:600}th:first-child,td:first-child,td.l,th.l{text-align:left}
                td.best{font-weight:700;color:#0a6b2e}tr:target td{background:#fff6dd}
                .warn{background:#fff6dd;border:1px solid #f0d27a;border-radius:6px;padding:10px 14px;margin:14px 0}
                .warn li{margin:4px 0}.ok{background:#eaf7ee;border:1px solid #a6dbb6;border-radius:6px;padding:8px 14px}
                img{max-width:100%;border:1px solid #eceef2;border-radius:4px;margin:8px 0}
                code{background:#f1f3f6;padding:1px 4px;border-radius:3px}
                .small{font-size:13px;color:#5b6475}
                </style></head><body><main>
                """);
        h.append("<h1>IPC Playground report</h1>\n<p class=\"sub\">").append(esc(report.tool())).append(" · ")
                .append(esc(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))).append("<br>JDK ")
                .append(esc(env.jdk())).append(" · ").append(esc(env.cpu())).append(" · ").append(env.cores())
                .append(" cores · Linux ").append(esc(env.kernel())).append("</p>\n");

        comparison(h, report); // the results first; what qualifies them right below

        if (report.warnings().isEmpty()) {
            h.append("<p class=\"ok\">No warnings: no more spinning sides than free cores, every rate reached, "
                    + "the machine otherwise quiet during each run.</p>\n");
        } else {
            h.append("<div class=\"warn\"><strong>Can these numbers be trusted?</strong><ul>\n");
            report.warnings().forEach(w -> h.append("<li>").append(linked(w, report.summary())).append("</li>\n"));
            h.append("</ul></div>\n");
        }

        h.append("<h2>Latency by percentile</h2>\n<img alt=\"latency by percentile, one line per transport\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(latencyPng)).append("\">\n")
                .append("<p class=\"small\">Both axes logarithmic; each further nine of the percentile gets as much room as the "
                        + "median: 0%, 50%, 90%, 99%, 99.9% ... are evenly apart. The lower and flatter the line, the better; "
                        + "where it turns up is where the tail begins.</p>\n");
        h.append("<h2>Throughput by message size</h2>\n<img alt=\"throughput by message size, a bar per transport\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(throughputPng)).append("\">\n");
        if (scalingPng != null) {
            h.append("<h2>Many producers, one consumer</h2>\n<img alt=\"aggregate throughput by producer count, a line per transport\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(scalingPng)).append("\">\n")
                    .append("<img alt=\"p99 latency by producer count, a line per transport\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(scalingP99Png)).append("\">\n")
                    .append("<p class=\"small\">Each point is one run with that many producer processes sending to one consumer: "
                            + "the rate of all of them together, and the p99 latency of all their messages. A line that stays level "
                            + "holds up under fan-in; one that falls or rises does not.</p>\n");
        }

        runs(h, report);

        if (!report.skipped().isEmpty()) {
            h.append("<h2>Skipped</h2>\n<ul>\n");
            report.skipped().forEach(s -> h.append("<li>").append(esc(s.transport())).append(' ')
                    .append(esc(Units.bytes(s.messageSize()))).append(": ").append(esc(s.reason())).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<h2>How to read it</h2>\n<p class=\"small\">Percentiles come from HdrHistogram, warm-up excluded. "
                + "Ping-pong latency is a round trip timed by the producer; a stream's is one way, from the send time in each "
                + "message to its arrival; a rate run's is one way from the time each message was due. CPU is the messaging "
                + "thread's user + system time per message (getrusage), sleeps are its voluntary context switches per message. "
                + "Every message of every run was checked: sequence, length, CRC32C and every payload byte.</p>\n");
        h.append("</main></body></html>\n");
        return h.toString();
    }

    private static String rowId(int row) {
        return "row-" + (row + 1);
    }

    /**
     * A warning with the row it qualifies linked: a warning begins with the row's name and size
     * ("shm --ring agrona 64 B: ..."), and the longest name that begins it is the row's.
     */
    static String linked(String warning, List<Summary> rows) {
        int row = -1, longest = 0;
        for (int i = 0; i < rows.size(); i++) {
            String name = rows.get(i).name() + " " + Units.bytes(rows.get(i).messageSize());
            if (warning.startsWith(name + ":") && name.length() > longest) {
                row = i;
                longest = name.length();
            }
        }
        return row < 0 ? esc(warning)
                : "<a href=\"#" + rowId(row) + "\">" + esc(warning.substring(0, longest)) + "</a>" + esc(warning.substring(longest));
    }

    /** Medians over the repeats, one row per transport and size, the best at each size in bold green. */
    private static void comparison(StringBuilder h, Report report) {
        List<Summary> rows = report.summary();
        RunResult first = report.runs().getFirst();
        h.append("<h2>Comparison</h2>\n<p class=\"small\">").append(esc(first.mode())).append(", ")
                .append(esc(first.latencyKind())).append(" latency; ").append(Units.count(first.count()))
                .append(" measured messages per run after ").append(esc(TableFormat.warmupOfAll(first)))
                .append(rows.stream().anyMatch(r -> r.repeats() > 1) ? "; medians over the repeats, with the range of p50" : "")
                .append(".</p>\n");
        if (!report.settings().isEmpty()) {
            h.append("<ul class=\"small\">\n");
            report.settings().forEach(given -> h.append("<li><code>").append(esc(given.describe())).append("</code></li>\n"));
            h.append("</ul>\n");
        }
        boolean anySettings = rows.stream().anyMatch(s -> !s.settings().isEmpty());
        h.append("<div class=\"scroll\"><table><tr><th class=\"l\">transport</th><th>payload</th><th>p50</th><th>p50 range</th><th>p99</th>"
                        + "<th>p99.9</th><th>max</th><th>msg/s</th><th>MB/s</th><th>CPU/msg<br>prod · cons</th>"
                        + "<th>sleeps/msg<br>prod · cons</th>" + (anySettings ? "<th class=\"l\">settings<br>(not the default)</th>" : "")
                        + "</tr>\n");
        Map<String, List<Summary>> bySize = rows.stream().collect(Collectors.groupingBy(s -> s.messageSize() + " " + s.producers()));
        for (Summary s : rows) {
            List<Summary> peers = bySize.get(s.messageSize() + " " + s.producers());
            boolean bestP50 = peers.size() > 1 && s == peers.stream().min(Comparator.comparingLong(p -> p.latencyNanos().p50())).orElseThrow();
            boolean bestRate = peers.size() > 1 && s == peers.stream().max(Comparator.comparingDouble(p -> p.throughput().messagesPerSecond())).orElseThrow();
            h.append("<tr id=\"").append(rowId(rows.indexOf(s))).append("\"><td>")
                    .append(esc(s.transport() + (s.producers() > 1 ? " ×" + s.producers() + " producers" : "")))
                    .append("</td><td>").append(esc(Units.bytes(s.messageSize())))
                    .append("</td>").append(cell(Units.nanos(s.latencyNanos().p50()), bestP50))
                    .append("<td>").append(s.repeats() > 1 ? esc(Units.nanos(s.p50MinNanos()) + " – " + Units.nanos(s.p50MaxNanos())) : "")
                    .append("</td><td>").append(esc(Units.nanos(s.latencyNanos().p99()))).append("</td><td>")
                    .append(esc(Units.nanos(s.latencyNanos().p999()))).append("</td><td>").append(esc(Units.nanos(s.latencyNanos().max())))
                    .append("</td>").append(cell(Units.count(Math.round(s.throughput().messagesPerSecond())), bestRate))
                    .append("<td>").append(Units.megabytes(s.throughput().megabytesPerSecond())).append("</td><td>")
                    .append(esc(Units.nanos(s.producerCpuNanosPerMessage()) + " · " + Units.nanos(s.consumerCpuNanosPerMessage())))
                    .append("</td><td>").append(esc(Units.ratio(s.producerSleepsPerMessage()) + " · " + Units.ratio(s.consumerSleepsPerMessage())))
                    .append(anySettings ? "</td><td class=\"l\">" + esc(TableFormat.settings(s.settings()).replaceFirst("^ · ", "")) : "")
                    .append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    /** Every run on its own: its settings, where it ran, what each side learnt, and the check. */
    private static void runs(StringBuilder h, Report report) {
        h.append("<h2>Every run</h2>\n<div class=\"scroll\"><table><tr><th class=\"l\">transport</th><th>payload</th><th>repeat</th><th>p50</th>"
                + "<th>p99</th><th>received</th><th>lost · dup · reord · corrupt</th><th>heap B/msg (P · C)</th>"
                + "<th>GC</th><th class=\"l\">settings</th></tr>\n");
        for (RunResult r : report.runs()) {
            var v = r.verification();
            h.append("<tr><td>").append(esc(r.transport())).append("</td><td>").append(esc(Units.bytes(r.messageSize())))
                    .append("</td><td>").append(r.repeat()).append("</td><td>").append(esc(Units.nanos(r.latencyNanos().p50())))
                    .append("</td><td>").append(esc(Units.nanos(r.latencyNanos().p99()))).append("</td><td>")
                    .append(esc(Units.count(v.received()))).append("</td><td>").append(v.lost()).append(" · ").append(v.duplicated())
                    .append(" · ").append(v.reordered()).append(" · ").append(v.corrupt()).append("</td><td>")
                    .append(esc(Units.heapBytes(r.cost().producer().allocatedBytesPerMessage()))).append(" · ")
                    .append(esc(Units.heapBytes(r.cost().consumer().allocatedBytesPerMessage()))).append("</td><td>")
                    .append(r.cost().producer().gcCycles() + r.cost().consumer().gcCycles()).append("</td><td class=\"l wrap\">")
                    .append(esc(settings(r))).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    /** The run's options as the table prints them, then where it ran and what each side learnt. */
    private static String settings(RunResult r) {
        String options = TableFormat.settings(r.settings()).replaceFirst("^ · ", "")
                + (r.rate() > 0 ? " --rate " + r.rate() : "") + ("none".equals(r.pin()) ? "" : " --pin " + r.pin());
        return (options + (r.facts() == null || r.facts().isEmpty() ? "" : " · " + TableFormat.facts(r.facts()))).trim();
    }

    private static String cell(String text, boolean best) {
        return (best ? "<td class=\"best\">" : "<td>") + esc(text) + "</td>";
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
