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

    /**
     * One JVM pinned apart: the JVM is left free, and its two rig threads each pin themselves, so
     * /proc shows one thread allowed only CPU 0 and another only CPU 1.
     */
    @org.junit.jupiter.api.Test
    void twoPlatformThreadsPinnedApartRunOnTwoCpus() throws Exception {
        var launcher = LauncherProcess.start("--transport", "thread", "--pin", "apart", "--count", "100m");
        try {
            ProcessHandle jvm = launcher.awaitProcess(Role.PRODUCER);
            Thread.sleep(1500); // past start-up: both rig threads exist and have pinned themselves
            assertThat(allowedCpus(jvm)).as("the JVM's main thread").isEqualTo("0-1");
            java.util.List<String> threads = new java.util.ArrayList<>();
            try (var tasks = Files.list(Path.of("/proc", Long.toString(jvm.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    threads.add(allowedCpus(task.resolve("status")));
                }
            }
            assertThat(threads).contains("0", "1");
        } finally {
            LauncherProcess.signal(launcher.process().toHandle(), "TERM");
            launcher.await(Duration.ofSeconds(30));
        }
    }

    @org.junit.jupiter.api.Test
    void virtualThreadsOnOneCarrierCannotBePinnedApartAndSayWhy() throws Exception {
        var result = LauncherProcess.run("--transport", "vthread", "--pin", "apart");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--pin apart: its two sides take turns on one carrier thread");
    }

    private static String allowedCpus(ProcessHandle process) throws Exception {
        return allowedCpus(Path.of("/proc", Long.toString(process.pid()), "status"));
    }

    private static String allowedCpus(Path status) throws Exception {
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
    }
}
