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
 * namespace, each of Netty's I/O methods), and what each side learnt about its peer.
 */
@ExtendWith(NothingLeftBehind.class)
class SocketIT {

    static final String SIZES = "0,1,64,64k,1m";
    static final long[] SIZE_BYTES = {0, 1, 64, 64 * 1024, 1024 * 1024};

    @ParameterizedTest(name = "{0} {1} --mode {2}")
    @CsvSource({
            "unix, --socket-type=stream, pingpong", "unix, --socket-type=stream, stream",
            "unix, --socket-type=seqpacket, stream",
            "tcp, --io=epoll, pingpong", "tcp, --io=epoll, stream"})
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
        assertThat(sizes).containsExactly(0L, 1L, 64L, 64L * 1024, 1024L * 1024);
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

    @Test
    void theAbstractNamespaceMakesNoFile() throws Exception {
        var run = LauncherProcess.start("--transport", "unix", "--unix-address", "abstract", "--count", "100m", "--timeout", "1m");
        run.awaitChild(dev.ipcplayground.core.Role.PRODUCER, java.time.Duration.ofMillis(500));
        List<String> sockets = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/unix"));
        assertThat(sockets).as("the run's socket, listed by the kernel under its abstract name")
                .anyMatch(line -> line.contains(" @ipcpg-"));
        assertThat(NothingLeftBehind.socketFiles()).as("no socket file in any run directory").isEmpty();
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
