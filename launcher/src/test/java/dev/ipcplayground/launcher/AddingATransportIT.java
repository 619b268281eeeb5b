package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's "Adding a transport", proven: a transport that exists only in test code
 * ({@code guide/JdkLoopbackTransport} and its {@code META-INF/services} file, which only this test
 * puts on the class path) is found by the launcher, offers its own setting, and runs end to end
 * in both modes, verified, with nothing left behind.
 */
@ExtendWith(NothingLeftBehind.class)
class AddingATransportIT {

    private static final String CLASS_PATH = System.getProperty("java.class.path") + File.pathSeparator
            + Path.of("src", "test", "guide").toAbsolutePath();

    @Test
    void aTransportFoundOnTheClassPathRunsEndToEndWithItsOwnSetting() throws Exception {
        for (String mode : new String[] {"pingpong", "stream"}) {
            var result = LauncherProcess.startWithClassPath(CLASS_PATH, "--transport", "jdk-loopback", "--nagle", "off",
                    "--mode", mode, "--count", "2000", "--warmup", "500", "--format", "json").await(Duration.ofMinutes(1));

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            JsonNode run = result.run();
            assertThat(run.get("transport").asText()).isEqualTo("jdk-loopback");
            assertThat(run.get("settings").get("nagle").asText()).isEqualTo("off");
            PipeIT.assertVerifiedAndCosted(run, 2500);
        }
    }

    @Test
    void itsSettingIsListedAndCheckedLikeAnyOther() throws Exception {
        var help = LauncherProcess.startWithClassPath(CLASS_PATH, "--help").await(Duration.ofSeconds(30));
        assertThat(help.stdout().replaceAll("\\s+", " ")).contains("--nagle=off|on")
                .contains("jdk-loopback: whether the kernel may hold small writes back");

        var wrong = LauncherProcess.startWithClassPath(CLASS_PATH, "--transport", "jdk-loopback", "--nagle", "maybe")
                .await(Duration.ofSeconds(30));
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.stderr()).startsWith("launcher: --nagle must be off or on, got 'maybe'");
    }
}
