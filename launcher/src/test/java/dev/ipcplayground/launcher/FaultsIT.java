package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Role;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A child killed or hung mid-run ends the run quickly and cleanly, saying which side and why. */
@ExtendWith(NothingLeftBehind.class)
class FaultsIT {

    @ParameterizedTest(name = "{0}: kill -9 the {1}")
    @CsvSource({"pipe, PRODUCER", "pipe, CONSUMER", "shm, PRODUCER", "shm, CONSUMER", "fifo, PRODUCER", "fifo, CONSUMER",
            "mq, PRODUCER", "mq, CONSUMER", "posix-mq, PRODUCER", "posix-mq, CONSUMER"})
    void aKilledChildFailsTheRunWithinSecondsNamingIt(String transport, Role victim) throws Exception {
        var launcher = LauncherProcess.start("--transport", transport, "--count", "100m", "--timeout", "5m");
        ProcessHandle child = launcher.awaitChild(victim, Duration.ofMillis(1500));
        long killed = System.nanoTime();
        LauncherProcess.signal(child, "KILL");

        var result = launcher.await(Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("launcher: the run failed: ")
                .contains("the " + victim.key() + " (pid " + child.pid() + ")")
                .contains("killed by signal 9 (SIGKILL)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pipe", "shm", "fifo", "mq", "posix-mq"})
    void aHungChildIsStoppedByTheTimeout(String transport) throws Exception {
        var launcher = LauncherProcess.start("--transport", transport, "--count", "100m", "--timeout", "4s");
        ProcessHandle consumer = launcher.awaitChild(Role.CONSUMER, Duration.ofMillis(500));
        LauncherProcess.signal(consumer, "STOP");

        var result = launcher.await(Duration.ofSeconds(30));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("the run did not finish within 4s (--timeout)").contains("maybe hung");
    }
}
