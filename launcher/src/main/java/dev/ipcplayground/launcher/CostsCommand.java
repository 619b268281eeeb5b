package dev.ipcplayground.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.launcher.report.Environment;
import dev.ipcplayground.launcher.report.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code launcher costs}: the study note's claims about processes, threads and coroutines, each
 * beside the number this machine gives. The measuring happens in a child JVM (the probe in
 * {@code ipc-inproc}), which may use the JDK's continuations and a one-carrier scheduler.
 */
@Command(name = "costs", mixinStandardHelpOptions = true,
        description = {"Measures the study note's claims about processes, threads and coroutines.",
                "Creation, memory, a switch (the same token between two processes and two threads, on one CPU and on two), "
                        + "the switch as the working set grows (lmbench's lat_ctx), several processes of coroutines against "
                        + "threads, and time slicing: each claim beside this machine's figures, with a verdict drawn from "
                        + "them and the spread of their repeats. About a minute; --quick about 10 s."})
final class CostsCommand implements Callable<Integer> {

    static final String PROBE = "dev.ipcplayground.inproc.costs.CostsProbe";

    @ParentCommand
    Launcher parent;

    @Option(names = "--quick", description = "Small counts and fewer repeats: about 10 s instead of a minute; for a first look and the tests.")
    boolean quick;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json.")
    Launcher.Format format;

    @Override
    public Integer call() throws Exception {
        JsonNode claims = Json.MAPPER.readTree(runProbe());
        PrintWriter out = parent.command.commandLine().getOut();
        if (format == Launcher.Format.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("version", 1);
            doc.put("environment", Environment.current());
            doc.put("claims", claims);
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            out.print(table(claims));
        }
        out.flush();
        return 0;
    }

    private String runProbe() throws IOException, InterruptedException, RunFailure {
        try (RunDirectory directory = RunDirectory.create()) { // the isolation rows' sockets and crash file; removed after
            return runProbe(directory.path());
        }
    }

    private String runProbe(Path runDirectory) throws IOException, InterruptedException, RunFailure {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), PROBE, quick ? "quick" : "full", runDirectory.toString()));
        Path err = Files.createTempFile("costs", ".err");
        Process probe = new ProcessBuilder(command).redirectError(err.toFile()).start();
        Thread stop = new Thread(probe::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            byte[] json = probe.getInputStream().readAllBytes();
            if (!probe.waitFor(quick ? 2 : 15, TimeUnit.MINUTES) || probe.exitValue() != 0) {
                throw new RunFailure("the cost probe failed: " + Files.readString(err).strip());
            }
            return new String(json);
        } finally {
            probe.destroyForcibly();
            Runtime.getRuntime().removeShutdownHook(stop);
            Files.deleteIfExists(err);
        }
    }

    /** The claims as a table for people: a section per topic, each row with the note's claim, the figure and the verdict. */
    static String table(JsonNode claims) {
        StringBuilder out = new StringBuilder("The study note's claims, measured on this machine (" + Environment.current().cpu()
                + ", " + Environment.current().cores() + " cores)\n");
        String section = "";
        for (JsonNode c : claims) {
            String topic = c.get("topic").asText();
            String head = topic.substring(0, topic.indexOf(':'));
            if (!head.equals(section)) {
                section = head;
                out.append('\n').append(head).append("\n  the note: ").append(c.get("claim").asText()).append('\n');
            } else if (!c.get("claim").asText().isEmpty() && !sameClaim(claims, c)) {
                out.append("  the note: ").append(c.get("claim").asText()).append('\n');
            }
            out.append(String.format(Locale.ROOT, "  %-52s %14s  %s%n", topic.substring(topic.indexOf(':') + 2),
                    c.get("value").isNull() ? "–" : quantity(c.get("value").asDouble(), c.get("unit").asText()),
                    c.get("verdict").asText()));
            out.append(" ".repeat(2 + 52 + 1 + 14 + 2)).append('(').append(c.get("detail").asText()).append(")\n"); // under the verdict
        }
        return out.toString();
    }

    /** True when the previous row of the same section made the same claim, so it is not repeated. */
    private static boolean sameClaim(JsonNode claims, JsonNode c) {
        for (int i = 1; i < claims.size(); i++) {
            if (claims.get(i) == c) {
                return claims.get(i - 1).get("claim").asText().equals(c.get("claim").asText());
            }
        }
        return false;
    }

    /** A time in the unit its size calls for, as every other figure of the tool ("2.63 ms", not "2634 µs"). */
    private static String quantity(double value, String unit) {
        return switch (unit) {
            case "µs" -> Units.nanos(value * 1e3);
            case "ms" -> Units.nanos(value * 1e6);
            default -> number(value) + " " + unit;
        };
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.format(Locale.ROOT, "%.0f", v); // a count: "1 of 2 alive", not "1.00"
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }
}
