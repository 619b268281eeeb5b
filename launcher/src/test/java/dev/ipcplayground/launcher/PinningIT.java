package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --pin: the children's CPU affinity, as the kernel reports it in /proc/<pid>/status. */
@ExtendWith(NothingLeftBehind.class)
class PinningIT {

    @ParameterizedTest(name = "{0} --pin {1}")
    @CsvSource({"shm, same, 0, 0", "shm, apart, 0, 1", "pipe, apart, 0, 1", "fifo, same, 0, 0"})
    void eachSideRunsOnlyWhereItWasPinned(String transport, String pin, String producerCpus, String consumerCpus)
            throws Exception {
        var launcher = LauncherProcess.start("--transport", transport, "--pin", pin, "--count", "100m");
        try {
            ProcessHandle consumer = launcher.awaitChild(Role.CONSUMER, Duration.ofMillis(300));
            ProcessHandle producer = launcher.child(Role.PRODUCER).orElseThrow();
            assertThat(allowedCpus(producer)).isEqualTo(producerCpus);
            assertThat(allowedCpus(consumer)).isEqualTo(consumerCpus);
        } finally {
            LauncherProcess.signal(launcher.process().toHandle(), "TERM");
            launcher.await(Duration.ofSeconds(30));
        }
    }

    private static String allowedCpus(ProcessHandle process) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
    }
}
