package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --allocations} names what allocated in the measured phase, from JFR's samples of each
 * side's messaging thread: a library's garbage by the library, a clean transport's as nothing.
 */
@ExtendWith(NothingLeftBehind.class)
class AllocationsIT {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"tcp --io nio, java.nio.DirectByteBuffer, io.netty."})
    void aLibrarysGarbageIsNamedWithTheLibrary(String transport, String type, String via) throws Exception {
        List<String> args = new ArrayList<>(List.of(("--transport " + transport).split(" ")));
        args.addAll(List.of("--allocations", "--count", "20k", "--format", "json"));
        var result = LauncherProcess.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        for (String side : List.of("producer", "consumer")) {
            JsonNode cost = result.run().get("cost").get(side);
            assertThat(cost.get("allocatedBytesPerMessage").asDouble()).as(side).isGreaterThan(1);
            JsonNode heaviest = cost.get("allocations").get(0);
            assertThat(heaviest.get("type").asText()).as(side).isEqualTo(type);
            assertThat(heaviest.get("via").asText()).as(side).startsWith(via);
        }
        assertThat(result.json().get("warnings").toString()).contains("heap bytes per message");
    }

    /** The JVM keeps no allocation count for a virtual thread: said as unknown (-1), never as 0, and still sampled. */
    @Test
    void aVirtualThreadsUncountedBytesAreUnknownButSampled() throws Exception {
        var result = LauncherProcess.run("--transport", "vthread", "--allocations", "--count", "20k", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode producer = result.run().get("cost").get("producer");
        assertThat(producer.get("allocatedBytesPerMessage").asDouble()).isEqualTo(-1);
        assertThat(producer.get("allocations")).isNotEmpty();
    }

    /** The pipe, and the threads' locked buffer, whose waits allocate nothing (the JDK's Condition.await made a node each). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pipe", "thread"})
    void aTransportThatAllocatesNothingShowsNothing(String transport) throws Exception {
        var result = LauncherProcess.run("--transport", transport, "--allocations", "--count", "20k");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("  allocated producer, ").contains(" B/msg: nothing sampled while measuring")
                .doesNotContain("heap bytes per message");
    }
}
