package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code launcher costs --quick}: every claim of the study note, each with a measured figure and a verdict. */
@ExtendWith(NothingLeftBehind.class)
class CostsIT {

    private static final boolean TWO_CPUS = Runtime.getRuntime().availableProcessors() >= 2;

    @Test
    void everyClaimHasAFigureAndAVerdictDrawnFromTheRun() throws Exception {
        var result = LauncherProcess.run("costs", "--quick", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode claims = result.json().get("claims");
        List<String> topics = new ArrayList<>();
        for (JsonNode c : claims) {
            String topic = c.get("topic").asText();
            topics.add(topic);
            for (String key : List.of("topic", "value", "unit", "detail", "claim", "verdict")) {
                assertThat(c.has(key)).as(topic + " has " + key).isTrue();
            }
            assertThat(c.get("verdict").asText()).as(topic).isNotBlank();
            assertThat(c.get("claim").asText()).as(topic).isNotBlank();
            if (!topic.startsWith("switch: processes") && !topic.startsWith("switch: threads") && !topic.startsWith("working set")
                    && !topic.startsWith("isolation") && !topic.startsWith("locks")) { // 0 survivors, 0 updates lost are figures too
                assertThat(c.get("value").asDouble()).as(topic).isPositive(); // a handoff less its overhead may be within noise of 0
            }
        }
        List<String> expected = new ArrayList<>(List.of(
                "create and finish: a JVM process", "create and finish: /bin/true",
                "create and finish: a platform thread", "create and finish: a virtual thread",
                "memory: one parked platform thread", "memory: one parked virtual thread", "memory: one more JVM process"));
        for (String mechanism : List.of("pipe", "futex")) {
            for (String where : TWO_CPUS ? List.of("one CPU", "two CPUs") : List.of("one CPU")) {
                expected.add("switch: processes, " + mechanism + ", " + where);
                expected.add("switch: threads, " + mechanism + ", " + where);
            }
        }
        expected.addAll(List.of("switch: two virtual threads, one carrier", "switch: a coroutine resumed and yielding"));
        assertThat(topics).containsSubsequence(expected);
        assertThat(topics).contains("isolation: two processes, one crashes", "isolation: two threads of one JVM, one crashes",
                "locks: threads, no lock", "locks: threads, a lock", "locks: coroutines, no lock",
                "more threads: 2 pairs", "more threads: 512 pairs");
        assertThat(topics).contains("working set: 0 B, processes", "working set: 0 B, threads",
                "cores: coroutines on one thread", "cores: pairs of platform threads",
                "cores: one process per core, coroutines in each", "time slicing: two threads sharing one core");
        String table = CostsCommand.table(claims); // the same run, as people read it
        assertThat(table).contains("the note: 20 + 19 × 0.1 = 21.9 s").contains("a virtual thread")
                .contains("processes, pipe, one CPU").contains("多进程+协程");
        assertThat(NothingLeftBehind.childJvms()).isEmpty();
        try (var here = java.nio.file.Files.list(java.nio.file.Path.of("."))) {
            assertThat(here.map(p -> p.getFileName().toString())).as("crash files in the working directory")
                    .noneMatch(name -> name.startsWith("hs_err_pid") || name.startsWith("core"));
        }
        for (JsonNode c : claims) {
            String topic = c.get("topic").asText(), verdict = c.get("verdict").asText();
            if (topic.startsWith("switch: processes") || topic.endsWith(", processes")) {
                assertThat(verdict).as(topic).matches("(agrees|disagrees|within noise|not measurable at this size): .*");
                if (verdict.startsWith("not measurable")) {
                    assertThat(c.get("value").isNull()).as(topic + ": no figure where none was measured").isTrue();
                } else if (topic.startsWith("working set:")) {
                    assertThat(c.get("value").asDouble()).as(topic + ": a switch costs something, never less than nothing").isPositive();
                }
            }
            switch (topic) {
                // A native crash ends its own process only; in one JVM it ends both threads: counted by the run, and the
                // crash file (in the run directory, removed with it) names the fault
                case "isolation: two processes, one crashes" -> {
                    assertThat(c.get("value").asInt()).as(verdict).isEqualTo(1);
                    assertThat(verdict).startsWith("agrees").contains("saw its peer's end").contains("served a new peer");
                    assertThat(c.get("detail").asText()).contains("SIGSEGV");
                }
                case "isolation: two threads of one JVM, one crashes" -> {
                    assertThat(c.get("value").asInt()).as(verdict).isZero();
                    assertThat(verdict).startsWith("agrees: the JVM exited");
                }
                case "locks: threads, a lock", "locks: coroutines, no lock" ->
                        assertThat(verdict).as(topic).startsWith("agrees: none lost");
                default -> { }
            }
            if (topic.startsWith("switch: processes") && topic.endsWith("two CPUs")) {
                assertThat(verdict).as(topic).contains("Across two CPUs a thread handoff cost");
            }
        }
    }
}
