package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The costs table writes every time in the unit its size calls for, as the rest of the tool does. */
class CostsTableTest {

    @Test
    void aTimeTakesTheUnitItsSizeCallsFor() throws Exception {
        var claims = new ObjectMapper().readTree("""
                [{"topic": "create and finish: a JVM process", "value": 91.4, "unit": "ms", "claim": "c", "verdict": "v", "detail": "d"},
                 {"topic": "create and finish: /bin/true", "value": 2114.3, "unit": "µs", "claim": "c", "verdict": "v", "detail": "d"},
                 {"topic": "switch: a coroutine", "value": 0.06, "unit": "µs", "claim": "c", "verdict": "v", "detail": "d"},
                 {"topic": "memory: one thread", "value": 95.7, "unit": "KiB", "claim": "c", "verdict": "v", "detail": "d"}]""");

        String table = CostsCommand.table(claims);

        assertThat(table).contains("91.4 ms", "2.11 ms", "60 ns", "95.7 KiB").doesNotContain("2114");
    }
}
