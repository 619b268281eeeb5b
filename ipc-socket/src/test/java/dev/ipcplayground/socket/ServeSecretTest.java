package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.rig.ProducerRig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --secret-file}: a producer without the secret, with another one, or replaying a
 * proof made for another connection's challenge is refused before any run starts, and told why;
 * a producer holding the secret runs.
 */
class ServeSecretTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(60)
    void onlyAProducerHoldingTheSecretRuns() throws Exception {
        Path secret = write("secret", "correct horse battery staple\n");
        Path other = write("other", "incorrect horse battery staple");
        Serving serving = Serving.start(1, secret);
        HostPort at = serving.at();

        assertThatThrownBy(() -> RemoteRuns.start(run("none", null), 0, at)).isInstanceOf(IOException.class)
                .hasMessageEndingWith("refused the run: this serve has a --secret-file, and the producer gave none");
        assertThatThrownBy(() -> RemoteRuns.start(run("other", other), 0, at)).isInstanceOf(IOException.class)
                .hasMessageEndingWith("refused the run: the producer's --secret-file is not serve's (its proof does not match)");

        // A hello recorded with its proof, sent again: the proof answers a challenge this connection was not sent.
        RunContext recorded = run("recorded", secret);
        byte[] hello = Json.MAPPER.writeValueAsBytes(RemoteRuns.Hello.of(recorded, 0));
        try (Knock first = Knock.at(at); Knock replay = Knock.at(at)) {
            byte[] proof = Secret.read(secret).proof(first.challenge(), hello);
            replay.challenge();
            byte[] signed = java.nio.ByteBuffer.allocate(proof.length + hello.length).put(proof).put(hello).array();
            assertThat(replay.send(Knock.frame(Frame.HELLO, signed)).verdict()).contains("its proof does not match");
        }

        RunContext good = run("good", secret);
        try (Endpoint producer = RemoteRuns.start(good, 0, at)) {
            new ProducerRig(good.spec(), producer).run();
        }
        serving.done().get(30, TimeUnit.SECONDS);
        assertThat(serving.said()).doesNotContain("anyone who reaches").contains("done: 550 received, every one intact")
                .doesNotContain("correct horse"); // the secret is nowhere in the log
        assertThat(serving.said().lines().filter(l -> l.contains(" refused "))).hasSize(3);
    }

    @Test
    void aSecretFileTooShortOrMissingIsRefusedNamingTheLimit() throws Exception {
        assertThatThrownBy(() -> Secret.check(write("short", "hunter2\n").toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 7 bytes; a secret needs at least 16");
        assertThatThrownBy(() -> Secret.check(directory.resolve("absent").toString()))
                .hasMessageEndingWith("absent: no such file");
        assertThatThrownBy(() -> Secret.check(write("long", "x".repeat(5000)).toString()))
                .hasMessageContaining("holds 5000 bytes; a secret has at most 4096");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(directory.resolve(name), text);
    }

    private RunContext run(String id, Path secretFile) {
        RunSpec spec = ServeHoldsItsGroundTest.spec();
        if (secretFile != null) {
            spec = spec.with("connect", "127.0.0.1:1").with("secret-file", secretFile.toString());
        }
        return new RunContext(directory, id, ProcessHandle.current().pid(), spec);
    }
}
