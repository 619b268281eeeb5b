package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C twins in bench/native build with the system's cc and each runs a few hundred messages,
 * both modes, checking every one; bench/compare runs its quick mode and writes its markdown.
 */
@ExtendWith(NothingLeftBehind.class)
class NativeTwinsIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // failsafe runs in launcher/
    static final Path OUT = ROOT.resolve("bench/native/out");

    @BeforeAll
    static void build() throws Exception {
        Result built = run(ROOT.resolve("bench/native/build").toString());
        assertThat(built.exitCode()).as(built.output()).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "pipe, pingpong", "pipe, stream", "fifo, pingpong", "fifo, stream", "posix_mq, pingpong", "posix_mq, stream",
            "shm, spin pingpong", "shm, block pingpong", "shm, block stream",
            "unix, stream pingpong", "unix, seqpacket stream", "tcp, pingpong", "tcp, stream",
            "fanin, pipe pingpong 3", "fanin, pipe stream 3", "fanin, posix-mq pingpong 3", "fanin, posix-mq stream 3"})
    void eachTwinRunsAndChecksEveryMessage(String program, String mode) throws Exception {
        List<String> command = new ArrayList<>(List.of(OUT.resolve(program).toString()));
        command.addAll(Arrays.asList(mode.split(" ")));
        command.addAll(List.of("64", "400", "100"));
        Result r = run(command.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).as("its one report line").containsPattern("size=64 count=400 p50=\\d+ .* msgs_per_s=\\d+");
    }

    @Test
    void compareHasAQuickModeThatWritesItsTable(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("BENCHMARKS.md");
        Result r = run(ROOT.resolve("bench/compare").toString(), "--quick", "--out", md.toString(), "1", "-",
                "^(pipe|tcp) pingpong$");

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("pipe pingpong").contains("tcp pingpong");
        String table = Files.readString(md);
        assertThat(table).contains("## The machine").contains("| pipe pingpong |").contains("| tcp pingpong |")
                .contains("p50 ≤ 1.2× C");
    }

    record Result(int exitCode, String output) { }

    static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), output);
    }
}
