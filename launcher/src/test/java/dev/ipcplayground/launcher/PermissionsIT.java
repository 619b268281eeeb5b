package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ipcplayground.core.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a run makes is private to its user: the run directory is 0700, files, FIFOs, semaphores and
 * queues 0600, and another user (nobody, through setpriv) can open none of them. Needs root, to
 * switch user; elsewhere the test is skipped and says why.
 */
@ExtendWith(NothingLeftBehind.class)
class PermissionsIT {

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "switching to another user needs root; permissions not checked against another user");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shm", "fifo", "posix-mq"})
    void anotherUserCanOpenNothingOfARun(String transport) throws Exception {
        var launcher = LauncherProcess.start("--transport", transport, "--count", "100m");
        launcher.awaitChild(Role.CONSUMER, Duration.ofMillis(500));
        try {
            Path dir = runDirectoryOf(launcher.process().pid());
            assertThat(mode(dir)).isEqualTo("rwx------");
            List<Path> objects = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(objects::add);
            }
            try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
                shm.filter(p -> p.getFileName().toString().startsWith("sem.ipcpg-" + launcher.process().pid() + "-"))
                        .forEach(objects::add);
            }
            for (Path object : objects) {
                assertThat(mode(object)).as(object.toString()).isEqualTo("rw-------");
                assertThat(asNobody("cat", object.toString())).as("nobody reads " + object).contains("Permission denied");
            }
            assertThat(asNobody("ls", dir.toString())).contains("Permission denied");
            if (transport.equals("posix-mq")) {
                assertThat(objects).as("the queues are not in the directory").noneMatch(p -> p.toString().contains("-req"));
                assertQueuesPrivate(launcher.process().pid());
            }
        } finally {
            LauncherProcess.signal(launcher.process().toHandle(), "TERM");
            launcher.await(Duration.ofSeconds(30));
        }
    }

    /** As nobody, {@code clean} finds root's stale run, says whose it is and why it stays, and touches nothing. */
    @Test
    void anotherUsersStaleRunIsLeftAloneWithTheReason() throws Exception {
        Path jar = Path.of("target", "launcher.jar").toAbsolutePath();
        assumeTrue(new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "test", "-r", jar.toString(), "-a", "-x", jar.resolveSibling("lib").toString()).start().waitFor() == 0,
                "user nobody cannot read " + jar + " in this checkout");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.createDirectory(Path.of("/dev/shm", RunDirectory.PREFIX + gone.pid() + "-0badf00d"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String listed = asNobody(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "clean");
            assertThat(listed).contains("stale run " + stale + " (launcher " + gone.pid() + " is gone): it belongs to user root "
                    + "(uid 0), and only they or root may remove it; skipped").contains("nothing to clean");
            assertThat(stale).isDirectory();
        } finally {
            Files.deleteIfExists(stale);
        }
    }

    private static void assertQueuesPrivate(long launcherPid) throws Exception {
        Path view = Files.createTempDirectory("mqueue-view");
        try {
            assertThat(new ProcessBuilder("mount", "-t", "mqueue", "none", view.toString()).start().waitFor()).isZero();
            try (Stream<Path> queues = Files.list(view)) {
                List<Path> ours = queues.filter(p -> p.getFileName().toString().startsWith("ipcpg-" + launcherPid + "-")).toList();
                assertThat(ours).hasSize(2);
                for (Path queue : ours) {
                    assertThat(mode(queue)).isEqualTo("rw-------");
                    assertThat(asNobody("cat", queue.toString())).contains("Permission denied");
                }
            } finally {
                new ProcessBuilder("umount", view.toString()).start().waitFor();
            }
        } finally {
            Files.deleteIfExists(view);
        }
    }

    private static Path runDirectoryOf(long launcherPid) throws Exception {
        try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
            return shm.filter(p -> p.getFileName().toString().startsWith(RunDirectory.PREFIX + launcherPid + "-"))
                    .findFirst().orElseThrow();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Runs a command as user nobody, returning what it printed. */
    private static String asNobody(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return output;
    }
}
