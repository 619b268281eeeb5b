package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipcplayground.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A producer and a consumer on two hosts: two network namespaces of this machine, each with its
 * own network stack, joined by a veth pair (10.77.0.1 and 10.77.0.2). {@code launcher serve}
 * runs in one, {@code launcher --connect} in the other; their only path is the virtual cable.
 *
 * <p>Making namespaces needs root (CI runs as root). Where they cannot be made, the test is
 * skipped and says why, on stderr and in the skip reason: it never passes silently.
 */
@ExtendWith(NothingLeftBehind.class)
class TwoHostIT {

    static final String PRODUCER_HOST = "ipcpg-it-a", CONSUMER_HOST = "ipcpg-it-b";
    static final String CONSUMER_ADDRESS = "10.77.0.2";

    @BeforeAll
    static void makeTwoHosts() throws Exception {
        removeHosts();
        String failure = sh("ip", "netns", "add", PRODUCER_HOST);
        if (failure == null) {
            failure = firstFailure(
                    List.of("ip", "netns", "add", CONSUMER_HOST),
                    List.of("ip", "link", "add", "ipcpg-va", "netns", PRODUCER_HOST, "type", "veth", "peer", "name", "ipcpg-vb",
                            "netns", CONSUMER_HOST),
                    List.of("ip", "-n", PRODUCER_HOST, "addr", "add", "10.77.0.1/24", "dev", "ipcpg-va"),
                    List.of("ip", "-n", CONSUMER_HOST, "addr", "add", CONSUMER_ADDRESS + "/24", "dev", "ipcpg-vb"),
                    List.of("ip", "-n", PRODUCER_HOST, "link", "set", "ipcpg-va", "up"),
                    List.of("ip", "-n", CONSUMER_HOST, "link", "set", "ipcpg-vb", "up"),
                    List.of("ip", "-n", PRODUCER_HOST, "link", "set", "lo", "up"),
                    List.of("ip", "-n", CONSUMER_HOST, "link", "set", "lo", "up"));
        }
        if (failure != null) {
            removeHosts();
            System.err.println("TwoHostIT skipped: cannot make two network namespaces here: " + failure);
            Assumptions.abort("cannot make two network namespaces here (needs root and iproute2): " + failure);
        }
    }

    @AfterAll
    static void removeHosts() throws Exception {
        sh("ip", "netns", "del", PRODUCER_HOST); // deleting a namespace deletes its end of the veth pair, and so both
        sh("ip", "netns", "del", CONSUMER_HOST);
    }

    @Test
    void aProducerOnOneHostRunsAgainstAConsumerServedOnAnother(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        Path secret = Files.writeString(directory.resolve("secret"), "the two hosts' shared secret\n"); // both hosts read it
        Process serve = inHost(CONSUMER_HOST, "serve", "--transport", "tcp", "--listen", CONSUMER_ADDRESS + ":7000", "--runs", "1",
                "--secret-file", secret.toString());
        try {
            var serveOut = awaitListening(serve);
            Process stranger = inHost(PRODUCER_HOST, "--transport", "tcp", "--connect", CONSUMER_ADDRESS + ":7000", "--count", "2000");
            assertThat(stranger.waitFor(60, TimeUnit.SECONDS)).as("the stranger's launcher finished").isTrue();
            assertThat(stranger.exitValue()).isEqualTo(1);
            assertThat(new String(stranger.getErrorStream().readAllBytes()).lines().findFirst().orElse(""))
                    .as("the launcher's one line gives serve's reason").startsWith("launcher: the run failed: the producer (pid ")
                    .endsWith("exited with code 1: launcher serve at " + CONSUMER_ADDRESS + ":7000 refused the run: this serve has a "
                            + "--secret-file, and the producer gave none; every side stopped and the run's files removed");

            Process producer = inHost(PRODUCER_HOST, "--transport", "tcp", "--connect", CONSUMER_ADDRESS + ":7000",
                    "--secret-file", secret.toString(), "--count", "2000", "--warmup", "500", "--format", "json");
            assertThat(producer.waitFor(60, TimeUnit.SECONDS)).as("the producer's launcher finished").isTrue();
            String stdout = new String(producer.getInputStream().readAllBytes());
            String stderr = new String(producer.getErrorStream().readAllBytes());
            assertThat(producer.exitValue()).as(stderr).isZero();

            JsonNode run = Json.MAPPER.readTree(stdout).get("runs").get(0);
            PipeIT.assertVerifiedAndCosted(run, 2500);
            assertThat(run.get("facts").get("producer.peer-address").asText()).isEqualTo(CONSUMER_ADDRESS + ":7000");
            assertThat(run.get("facts").get("consumer.peer-address").asText()).startsWith("10.77.0.1:");
            assertThat(run.get("facts").get("producer.consumer").asText()) // a ping-pong: one clock, no word of one-way latencies
                    .isEqualTo("launcher serve at " + CONSUMER_ADDRESS + ":7000; round trips timed by this host's clock alone");
            assertThat(serve.waitFor(10, TimeUnit.SECONDS)).as("serve --runs 1 exits after its run").isTrue();
            String served = serveOut.lines().collect(java.util.stream.Collectors.joining("\n"));
            assertThat(served).containsPattern("refused 10\\.77\\.0\\.1:\\d+: this serve has a --secret-file")
                    .contains("run from 10.77.0.1:").contains("done: 2500 received, every one intact")
                    .endsWith("served 1 run (--runs 1); stopping");
        } finally {
            serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The launcher, as `ip netns exec HOST java ... Launcher ARGS`. */
    private static Process inHost(String host, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", host,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).start();
        LauncherProcess.track(p);
        return p;
    }

    /** serve prints one line when it listens. */
    private static java.io.BufferedReader awaitListening(Process serve) throws IOException {
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(serve.getInputStream()));
        String first = lines.readLine();
        assertThat(first).as("serve's first line").contains("serving tcp runs on " + CONSUMER_ADDRESS + ":7000");
        return lines;
    }

    private static String firstFailure(List<?>... commands) throws Exception {
        for (List<?> c : commands) {
            String failure = sh(c.toArray(String[]::new));
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /** Runs a command; null when it succeeded, else the command and its output. */
    private static String sh(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? null : String.join(" ", command) + ": " + out;
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        }
    }
}
