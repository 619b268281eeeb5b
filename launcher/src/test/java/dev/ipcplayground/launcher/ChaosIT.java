package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bench/chaos} in short: a pipe, and shared memory, each running 5 s while its sides are
 * stopped and continued at random, then once more to have a random side killed. Every pause run
 * must verify every message and exit 0, every kill end the run with exit 1 naming the side, and no
 * run leave anything behind; the script's own table says so row by row, and its exit code sums it.
 * The two run at once: a run stopped half the time uses little CPU.
 */
@ExtendWith(NothingLeftBehind.class)
class ChaosIT {

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "shm"})
    @Execution(ExecutionMode.CONCURRENT)
    void pausedSidesLoseNothingAndAKilledSideIsNamed(String transport, @TempDir Path dir) throws Exception {
        Path table = dir.resolve("chaos.md");
        NativeTwinsIT.Result r = NativeTwinsIT.run(NativeTwinsIT.ROOT.resolve("bench/chaos").toString(), "--duration", "5s",
                "--kills", "1", "--seed", "7", "--out", table.toString(), transport);

        assertThat(r.exitCode()).as(r.output()).isZero();
        java.util.List<String> rows = Files.readAllLines(table).stream().filter(line -> line.startsWith("| " + transport + " ")).toList();
        assertThat(rows).hasSize(2).allMatch(line -> line.contains("| yes "));
        assertThat(rows.getFirst()).contains("| pauses ").doesNotContain("| pauses | - ");
        assertThat(rows.getLast()).contains("| kill ");
    }
}
