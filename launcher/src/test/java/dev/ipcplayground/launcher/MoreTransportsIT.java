package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The FIFO, Chronicle Queue and POSIX-queue transports, run by the real launcher with real child JVMs. */
@ExtendWith(NothingLeftBehind.class)
class MoreTransportsIT {

    /**
     * Sizes 0, 1, 64 and each transport's largest: a POSIX queue's message limit (8192 bytes
     * here, less the header), Chronicle's 1 MiB, and 1 MiB for the FIFO, whose only limit is the
     * frame's (1 GiB, too much heap for a test).
     */
    static Stream<Arguments> everySizeAndMode() {
        List<Arguments> all = new ArrayList<>();
        String[][] transports = {{"fifo", "1m"}, {"chronicle", "1m"}, {"posix-mq", "8168"}};
        for (String[] t : transports) {
            for (String sizes : new String[] {"0,64", t[1]}) { // the small ones swept in one command, the largest alone
                for (String mode : new String[] {"pingpong", "stream"}) {
                    all.add(Arguments.of(t[0], sizes, mode));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} --size {1} --mode {2}")
    @MethodSource("everySizeAndMode")
    void everyMessageArrivesIntact(String transport, String sizes, String mode) throws Exception {
        boolean large = sizes.equals("1m");
        var result = LauncherProcess.run("--transport", transport, "--size", sizes, "--mode", mode,
                "--count", large ? "200" : "2000", "--warmup", large ? "50" : "300", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode runs = result.json().get("runs");
        assertThat(runs).hasSize(sizes.split(",").length);
        for (JsonNode run : runs) {
            assertThat(run.get("transport").asText()).isEqualTo(transport);
            PipeIT.assertVerifiedAndCosted(run, large ? 250 : 2300);
        }
        assertThat(result.stderr()).as("nothing printed: no JVM, SLF4J or Chronicle warning").isEmpty();
    }

    @Test
    void aMessageLargerThanAPosixQueueMessageIsRefusedWithTheSysctlToRaise() throws Exception {
        var result = LauncherProcess.run("--transport", "posix-mq", "--size", "8169");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("launcher: --size 8169 is larger than posix-mq can carry: its limit is 8168 bytes")
                .contains("fs.mqueue.msgsize_max");
    }

    @Test
    void aQueueDeeperThanTheKernelAllowsIsRefusedWithTheSysctlToRaise() throws Exception {
        var result = LauncherProcess.run("--transport", "posix-mq", "--queue-depth", "100000");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--queue-depth must be between 1 and").contains("fs.mqueue.msg_max");
    }

    @Test
    void theChronicleTailerSpinsWhenAskedAndSaysSo() throws Exception {
        var result = LauncherProcess.run("--transport", "chronicle", "--wait", "spin", "--count", "2000", "--warmup", "500",
                "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.run().get("settings").get("wait").asText()).isEqualTo("spin");
    }
}
