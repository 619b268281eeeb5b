package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ipcplayground.core.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * --pin: the children's CPU affinity, as the kernel reports it in /proc/<pid>/task/<tid>/status:
 * each side's messaging thread only on its CPU, the rest of its JVM on the CPUs left over.
 */
@ExtendWith(NothingLeftBehind.class)
class PinningIT {

    @ParameterizedTest(name = "{0} --pin {1}")
    @CsvSource({"shm, same, 0, 0", "shm, apart, 0, 1", "pipe, apart, 0, 1", "fifo, same, 0, 0"})
    void eachSidesMessagingThreadRunsOnlyWhereItWasPinnedAndTheRestOfItsJvmElsewhere(
            String transport, String pin, String producerCpu, String consumerCpu) throws Exception {
        assumeTrue(!pin.equals("apart") || Runtime.getRuntime().availableProcessors() >= 2, "--pin apart needs two CPUs; this machine gives one");
        var launcher = LauncherProcess.start("--transport", transport, "--pin", pin, "--count", "100m");
        try {
            ProcessHandle consumer = launcher.awaitChild(Role.CONSUMER, Duration.ofMillis(300));
            ProcessHandle producer = launcher.child(Role.PRODUCER).orElseThrow();
            awaitAThreadOn(producer, producerCpu); // past start-up: the messaging threads exist and have pinned themselves
            awaitAThreadOn(consumer, consumerCpu);
            String rest = restOfJvm(pin);
            assertThat(allowedCpus(producer)).as("the rest of the producer's JVM").isEqualTo(rest);
            assertThat(allowedCpus(consumer)).as("the rest of the consumer's JVM").isEqualTo(rest);
            assertThat(threadsAllowed(producer)).as("the producer's threads").contains(producerCpu);
            assertThat(threadsAllowed(consumer)).as("the consumer's threads").contains(consumerCpu);
        } finally {
            LauncherProcess.signal(launcher.process().toHandle(), "TERM");
            launcher.await(Duration.ofSeconds(30));
        }
    }

    /** What the rest of a pinned JVM may use: every CPU but the messaging threads' (CPU 0, and CPU 1 apart), or all if none is left. */
    private static String restOfJvm(String pin) {
        int cpus = Runtime.getRuntime().availableProcessors();
        int first = pin.equals("same") ? 1 : 2;
        return first >= cpus ? (cpus == 1 ? "0" : "0-" + (cpus - 1)) : first == cpus - 1 ? Integer.toString(first) : first + "-" + (cpus - 1);
    }

    /** Start-up takes its time on a busy machine: wait (20 s at most) until one thread of the process is allowed just {@code cpu}. */
    private static void awaitAThreadOn(ProcessHandle process, String cpu) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!threadsAllowed(process).contains(cpu) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static java.util.List<String> threadsAllowed(ProcessHandle process) throws Exception {
        java.util.List<String> threads = new java.util.ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    threads.add(allowedCpus(task.resolve("status")));
                } catch (java.nio.file.NoSuchFileException e) {
                    // the thread ended between the listing and the read (start-up threads come and go)
                }
            }
        }
        return threads;
    }

    /**
     * One JVM pinned apart: its two rig threads each pin themselves, so /proc shows one thread
     * allowed only CPU 0 and another only CPU 1; the rest of the JVM runs on the CPUs left over.
     */
    @org.junit.jupiter.api.Test
    void twoPlatformThreadsPinnedApartRunOnTwoCpus() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "--pin apart needs two CPUs; this machine gives one");
        var launcher = LauncherProcess.start("--transport", "thread", "--pin", "apart", "--count", "100m");
        try {
            ProcessHandle jvm = launcher.awaitProcess(Role.PRODUCER);
            awaitAThreadOn(jvm, "0"); // past start-up: both rig threads exist and have pinned themselves
            awaitAThreadOn(jvm, "1");
            assertThat(allowedCpus(jvm)).as("the JVM's first thread").isEqualTo(restOfJvm("apart"));
            assertThat(threadsAllowed(jvm)).contains("0", "1");
        } finally {
            LauncherProcess.signal(launcher.process().toHandle(), "TERM");
            launcher.await(Duration.ofSeconds(30));
        }
    }

    @org.junit.jupiter.api.Test
    void virtualThreadsOnOneCarrierCannotBePinnedApartAndSayWhy() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "with one CPU, --pin apart is refused for every transport");
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
