package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The socket transports, unix (junixsocket) and tcp (Netty), run by the real launcher with real
 * child JVMs: every size from 0 to 1 MiB in both modes, each variant (seqpacket, the abstract
 * namespace, each of Netty's I/O methods, the JDK's own sockets), and what each side learnt about its peer.
 */
@ExtendWith(NothingLeftBehind.class)
class SocketIT {

    static final String SIZES = "0,64,1m"; // empty, typical, and one that takes many reads and writes

    @ParameterizedTest(name = "{0} {1} --mode {2}")
    @CsvSource({
            "unix, --socket-type=stream, pingpong", "unix, --socket-type=stream, stream",
            "unix, --socket-type=seqpacket, stream",
            "tcp, --io=epoll, pingpong", "tcp, --io=epoll, stream",
            "unix, --impl=jdk, stream", "tcp, --impl=jdk, stream"})
    void everySizeArrivesIntact(String transport, String variant, String mode) throws Exception {
        var result = LauncherProcess.run("--transport", transport, variant, "--mode", mode, "--size", SIZES,
                "--count", "300", "--warmup", "100", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).as("nothing printed: no JVM, Netty or junixsocket warning").isEmpty();
        JsonNode runs = result.json().get("runs");
        List<Long> sizes = new ArrayList<>();
        for (JsonNode run : runs) {
            sizes.add(run.get("messageSize").asLong());
            PipeIT.assertVerifiedAndCosted(run, 400);
            assertThat(run.get("settings").get(variant.substring(2, variant.indexOf('='))).asText())
                    .isEqualTo(variant.substring(variant.indexOf('=') + 1));
        }
        assertThat(sizes).containsExactly(0L, 64L, 1024L * 1024);
    }

    /**
     * {@code launcher serve} takes every producer of one run: each says hello, the consumer waits
     * for all of them, and producer 0 brings its result back. (TwoHostIT serves one producer
     * across a virtual cable; this runs anywhere, on loopback.)
     */
    @Test
    void aServedConsumerTakesEveryProducerOfOneRun() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        var serve = LauncherProcess.start("serve", "--transport", "tcp", "--listen", "127.0.0.1:" + port, "--runs", "1");
        serve.awaitOutput("serving tcp runs", java.time.Duration.ofSeconds(30));
        var result = LauncherProcess.run("--transport", "tcp", "--connect", "127.0.0.1:" + port, "--producers", "3",
                "--count", "6000", "--warmup", "300", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        PipeIT.assertVerifiedAndCosted(result.run(), 6000 + 3 * 300);
        assertThat(result.run().get("facts").get("consumer.connections").asText()).isEqualTo("3");
        var served = serve.await(java.time.Duration.ofSeconds(20));
        assertThat(served.stdout()).contains("pingpong, 3 producers, 64-byte payloads")
                .contains("done: 6900 received, every one intact").contains("served 1 run (--runs 1)");
    }

    @Test
    void eachUnixSideLearnsItsPeersPidFromTheKernel() throws Exception {
        var result = LauncherProcess.run("--transport", "unix", "--count", "300", "--warmup", "100", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = result.run();
        JsonNode facts = run.get("facts");
        assertThat(facts.get("consumer.peer-pid").asLong()).isEqualTo(run.get("cost").get("producer").get("pid").asLong());
        assertThat(facts.get("producer.peer-pid").asLong()).isEqualTo(run.get("cost").get("consumer").get("pid").asLong());
        assertThat(facts.get("consumer.peer-uid").asLong()).isEqualTo(new com.sun.security.auth.module.UnixSystem().getUid());
    }

    /** The JDK's SO_PEERCRED gives the peer's user and group by name, no pid: the report says what it was given. */
    @Test
    void theJdksUnixSocketLearnsItsPeersUserFromTheKernel() throws Exception {
        var result = LauncherProcess.run("--transport", "unix", "--impl", "jdk", "--count", "300", "--warmup", "100",
                "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = result.run();
        assertThat(run.get("settings").get("impl").asText()).isEqualTo("jdk");
        String me = ProcessHandle.current().info().user().orElseThrow();
        assertThat(run.get("facts").get("consumer.peer-user").asText()).isEqualTo(me);
        assertThat(run.get("facts").get("producer.peer-user").asText()).isEqualTo(me);
        assertThat(run.get("facts").has("consumer.peer-pid")).as("the JDK gives no pid").isFalse();
    }

    @Test
    void whatTheJdksSocketsCannotDoIsRefusedSayingWhy() throws Exception {
        var seqpacket = LauncherProcess.run("--transport", "unix", "--impl", "jdk", "--socket-type", "seqpacket");
        assertThat(seqpacket.exitCode()).isEqualTo(2);
        assertThat(seqpacket.stderr()).contains("--impl jdk has no --socket-type seqpacket: the JDK's Unix sockets are byte streams only");

        var abstractName = LauncherProcess.run("--transport", "unix", "--impl", "jdk", "--unix-address", "abstract");
        assertThat(abstractName.exitCode()).isEqualTo(2);
        assertThat(abstractName.stderr()).contains("--impl jdk has no --unix-address abstract");

        var io = LauncherProcess.run("--transport", "tcp", "--impl", "jdk", "--io", "nio");
        assertThat(io.exitCode()).isEqualTo(2);
        assertThat(io.stderr()).contains("--io is Netty's: it has no meaning with --impl jdk");

        var connect = LauncherProcess.run("--transport", "tcp", "--impl", "jdk", "--connect", "10.0.0.1:4242");
        assertThat(connect.exitCode()).isEqualTo(2);
        assertThat(connect.stderr()).contains("--connect is Netty's: it has no meaning with --impl jdk");

        var netty = LauncherProcess.run("--transport", "unix", "--impl", "netty");
        assertThat(netty.exitCode()).isEqualTo(2);
        assertThat(netty.stderr()).contains("--impl must be junixsocket or jdk, got 'netty'");
    }

    /** A run that fails after others succeeded: theirs are reported, and the failure says so, and what it left (nothing). */
    @Test
    void theRunsBeforeAFailedOneAreReportedAndTheFailureSaysWhatWasKept() throws Exception {
        var result = LauncherProcess.run("--transport", "pipe,tcp", "--connect", "127.0.0.1:1", "--count", "300", "--warmup", "100",
                "--format", "json"); // nobody listens on port 1: the tcp run fails
        assertThat(result.exitCode()).isEqualTo(1);
        var runs = dev.ipcplayground.core.Json.MAPPER.readTree(result.stdout()).get("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("transport").asText()).isEqualTo("pipe");
        assertThat(result.stderr().lines().findFirst().orElse("")).startsWith("launcher: the run failed: the producer (pid ")
                .contains("exited with code 1: cannot connect to the consumer at 127.0.0.1:1: ") // its own last words, on the line
                .endsWith("; every side stopped and the run's files removed; the run before it is reported above");
    }

    @Test
    void theAbstractNamespaceMakesNoFile() throws Exception {
        var run = LauncherProcess.start("--transport", "unix", "--unix-address", "abstract", "--count", "100m", "--timeout", "1m");
        run.awaitChild(dev.ipcplayground.core.Role.PRODUCER, java.time.Duration.ofMillis(500));
        List<String> sockets = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/unix"));
        assertThat(sockets).as("the run's socket, listed by the kernel under its abstract name")
                .anyMatch(line -> line.contains(" @ipcpg-"));
        assertThat(NothingLeftBehind.socketFiles(run.process().pid())).as("no socket file in the run's directory").isEmpty();
        LauncherProcess.signal(run.process().toHandle(), "INT");
        assertThat(run.await(java.time.Duration.ofSeconds(30)).exitCode()).isEqualTo(130);
    }

    @ParameterizedTest(name = "--io {0}")
    @CsvSource({"nio", "io_uring"})
    void everyNettyIoMethodCarriesTheRun(String io) throws Exception {
        var result = LauncherProcess.run("--transport", "tcp", "--io", io, "--count", "300", "--warmup", "100", "--format", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.run().get("facts").get("producer.io").asText()).isEqualTo(io);
        PipeIT.assertVerifiedAndCosted(result.run(), 400);
    }

    @Test
    void badSocketOptionsAreRefusedWithTheChoices() throws Exception {
        var type = LauncherProcess.run("--transport", "unix", "--socket-type", "dgram");
        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.stderr()).contains("--socket-type must be stream or seqpacket, got 'dgram'");

        var io = LauncherProcess.run("--transport", "tcp", "--io", "kqueue");
        assertThat(io.exitCode()).isEqualTo(2);
        assertThat(io.stderr()).contains("--io must be one of [nio, epoll, io_uring], got 'kqueue'");
    }
}
