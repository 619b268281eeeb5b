package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Aeron IPC, run by the real launcher: two child JVMs, the media driver embedded in the consumer. */
@ExtendWith(NothingLeftBehind.class)
class AeronIT {

    /** The default term (64 MiB) carries up to 8 MiB, less our header: the largest payload. */
    static final long LARGEST = (8L << 20) - 24;

    /**
     * Sizes 0, 64 and 1 MiB (fragmented: above the 1408-byte MTU) swept in one command, in both
     * modes, by offer; the largest alone, streamed (its some 6,000 fragments are the same in either mode). By
     * claim: up to the MTU's payload, in both modes.
     */
    static Stream<Arguments> everySizeAndMode() {
        List<Arguments> all = new ArrayList<>();
        for (String[] publishAndSizes : new String[][] {{"offer", "0,64,1m"}, {"offer", Long.toString(LARGEST)},
                {"claim", "0,64,1352"}}) {
            boolean largest = publishAndSizes[1].equals(Long.toString(LARGEST));
            for (String mode : largest ? new String[] {"stream"} : new String[] {"pingpong", "stream"}) {
                all.add(Arguments.of(publishAndSizes[0], publishAndSizes[1], mode));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "--publish {0} --size {1} --mode {2}")
    @MethodSource("everySizeAndMode")
    void everyMessageArrivesIntact(String publish, String sizes, String mode) throws Exception {
        boolean large = sizes.equals(Long.toString(LARGEST));
        var result = LauncherProcess.run("--transport", "aeron", "--publish", publish, "--size", sizes, "--mode", mode,
                "--count", large ? "100" : "2000", "--warmup", large ? "20" : "300", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode runs = result.json().get("runs");
        assertThat(runs).hasSize(sizes.split(",").length);
        for (JsonNode run : runs) {
            assertThat(run.get("transport").asText()).isEqualTo("aeron");
            assertThat(run.get("settings").get("publish").asText()).isEqualTo(publish);
            PipeIT.assertVerifiedAndCosted(run, large ? 120 : 2300);
            JsonNode facts = run.get("facts");
            assertThat(facts.get("consumer.media driver").asText()).isEqualTo("embedded in this JVM");
            assertThat(facts.get("producer.publication").asText()).isEqualTo(publish.equals("claim") ? "tryClaim" : "offer");
        }
        assertThat(result.stderr()).as("nothing printed: no JVM, Agrona or Aeron warning").isEmpty();
    }

    @ParameterizedTest(name = "--wait {0} --mode {1}")
    @org.junit.jupiter.params.provider.CsvSource({"spin, pingpong", "spin, stream", "hybrid, stream", "block, pingpong",
            "block, stream"})
    void eachIdleStrategyCarriesBothModes(String wait, String mode) throws Exception {
        var result = LauncherProcess.run("--transport", "aeron", "--wait", wait, "--mode", mode,
                "--count", "3000", "--warmup", "500", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.run().get("settings").get("wait").asText()).isEqualTo(wait);
        PipeIT.assertVerifiedAndCosted(result.run(), 3500);
    }

    @Test
    void theDriversDirectoryLivesInTheRunDirectoryAndNowhereElse() throws Exception {
        LauncherProcess launcher = LauncherProcess.start("--transport", "aeron", "--count", "100m", "--timeout", "1m");
        Path cnc = awaitDriverFile();
        assertThat(cnc.getParent().getFileName().toString()).isEqualTo("aeron");
        assertThat(cnc.getParent().getParent().getFileName().toString()).startsWith(RunDirectory.PREFIX);
        assertThat(NothingLeftBehind.aeronDirectories()).as("nothing in Aeron's default places").isEmpty();
        LauncherProcess.signal(launcher.process().toHandle(), "INT");
        var result = launcher.await(Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(130);
    }

    /** The driver's command-and-control file, once a run's consumer has started its driver. */
    private static Path awaitDriverFile() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> found = Files.find(Path.of("/dev/shm"), 3,
                    (p, a) -> p.getFileName().toString().equals("cnc.dat") && p.toString().contains(RunDirectory.PREFIX))) {
                var cnc = found.findFirst();
                if (cnc.isPresent()) {
                    return cnc.get();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no driver directory appeared in a run directory within 30 s");
    }

    @Test
    void aMessageLargerThanAnEighthOfTheTermIsRefusedWithTheLimit() throws Exception {
        var result = LauncherProcess.run("--transport", "aeron", "--size", Long.toString(LARGEST + 1));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().lines().findFirst().orElse("")).isEqualTo("launcher: --size " + (LARGEST + 1)
                + " is larger than aeron can carry: its limit is " + LARGEST + " bytes (Aeron's largest message is an eighth "
                + "of the term, at most 16 MiB: --term-length 67108864 gives 8388608, less our 24-byte header)");
    }

    @Test
    void aClaimLargerThanOneFragmentIsRefusedWithTheMtu() throws Exception {
        var result = LauncherProcess.run("--transport", "aeron", "--publish", "claim", "--size", "1353");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("launcher: --size 1353 is larger than aeron can carry: its limit is 1352 bytes")
                .contains("1408-byte MTU");
    }

    @Test
    void aTermLengthThatIsNotAPowerOfTwoIsRefused() throws Exception {
        var result = LauncherProcess.run("--transport", "aeron", "--term-length", "100k");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith(
                "launcher: --term-length must be a power of two from 64k (65536) to 1g (1073741824), got 102400");
    }

    @Test
    void aSmallerTermCarriesLessAndSaysSo() throws Exception {
        var result = LauncherProcess.run("--transport", "aeron", "--term-length", "64k", "--size", "8168", "--mode", "stream",
                "--count", "2000", "--warmup", "200", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        PipeIT.assertVerifiedAndCosted(result.run(), 2200);
        assertThat(LauncherProcess.run("--transport", "aeron", "--term-length", "64k", "--size", "8169").stderr())
                .contains("its limit is 8168 bytes");
    }
}
