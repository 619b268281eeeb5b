package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code launcher costs --quick}: every claim of the study note, each with a measured figure. */
@ExtendWith(NothingLeftBehind.class)
class CostsIT {

    @Test
    void everyClaimHasAPositiveFigureAndAVerdict() throws Exception {
        var result = LauncherProcess.run("costs", "--quick", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode claims = result.json().get("claims");
        List<String> topics = new ArrayList<>();
        for (JsonNode c : claims) {
            topics.add(c.get("topic").asText());
            assertThat(c.get("value").asDouble()).as(c.get("topic").asText()).isPositive();
            assertThat(c.get("verdict").asText()).isNotBlank();
            assertThat(c.get("claim").asText()).isNotBlank();
        }
        assertThat(topics).containsExactly(
                "create and finish: a JVM process", "create and finish: /bin/true",
                "create and finish: a platform thread", "create and finish: a virtual thread",
                "memory: one parked platform thread", "memory: one parked virtual thread", "memory: one more JVM process",
                "switch: two processes over a pipe", "switch: two platform threads (park/unpark)",
                "switch: two virtual threads, one carrier", "switch: a coroutine resumed and yielding",
                "time slicing: two tasks, one core, one after the other", "time slicing: two threads sharing one core",
                "time slicing: two threads on two cores");
    }

    @Test
    void theTableSaysWhatTheNoteClaims() throws Exception {
        var result = LauncherProcess.run("costs", "--quick");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("the note: 20 + 19 × 0.1 = 21.9 s").contains("a virtual thread")
                .contains("two processes over a pipe");
        assertThat(NothingLeftBehind.childJvms()).isEmpty();
    }
}
