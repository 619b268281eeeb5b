package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a user asks for are the user's: a run's own objects are private (umask 077), but a
 * report, a chart and the .hgrm files get the permissions of the umask the launcher started with.
 */
@ExtendWith(NothingLeftBehind.class)
class OutputFilesIT {

    @Test
    void theUsersOutputFollowsTheUsersUmask(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("h")); // --hgrm writes into a directory that exists: the user's, left as it is
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String launch = String.join(" ", List.of("umask 022;", "exec", java, "--enable-native-access=ALL-UNNAMED",
                "-cp", "'" + System.getProperty("java.class.path") + "'", Launcher.class.getName(),
                "--transport", "pipe", "--count", "300", "--warmup", "100",
                "--report", dir.resolve("r.html").toString(), "--hgrm", dir.resolve("h").toString()));
        Process p = new ProcessBuilder("sh", "-c", launch).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        LauncherProcess.track(p);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("r.html")))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("h").resolve("pipe-pingpong-64B-r1.hgrm"))))
                .isEqualTo("rw-r--r--");
    }
}
