package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.rig.ProducerRig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25's budget for serve: under {@value #CONNECTIONS} hostile connections (silent, oversized,
 * random bytes, a wrong secret, a hello of no run, gone at once), a serve with a secret keeps
 * serving and completes a legitimate run started in the middle of them, and another after them.
 * Every hostile connection is answered with a refusal or closed; none is let in.
 */
class HostileFloodTest {

    static final int CONNECTIONS = 1000;
    /** The first connections all say nothing: more than serve shakes hands with at once. */
    static final int SILENT = 150;

    @TempDir
    Path directory;

    @Test
    @Timeout(120)
    void serveUnderAThousandHostileConnectionsCompletesARunStartedAmongThem() throws Exception {
        Path secret = Files.writeString(directory.resolve("secret"), "a secret of serve and its producers");
        Secret wrong = Secret.read(Files.writeString(directory.resolve("wrong"), "a secret of nobody in particular"));
        Serving serving = Serving.start(2, secret);
        HostPort at = serving.at();
        byte[] hello = Json.MAPPER.writeValueAsBytes(RemoteRuns.Hello.of(run("stranger", null), 0));
        Random random = new Random(25);

        List<Knock> silent = new ArrayList<>();
        CompletableFuture<Void> legitimate = null;
        int refused = 0;
        for (int i = 0; i < CONNECTIONS; i++) {
            if (i == CONNECTIONS / 2) {
                legitimate = CompletableFuture.runAsync(() -> produce(at, "amid", secret),
                        task -> Thread.ofPlatform().name("legitimate producer").start(task));
            }
            Knock k = Knock.at(at);
            int kind = i < SILENT ? 0 : 1 + i % 5;
            switch (kind) {
                case 0 -> { // says nothing, and stays
                    k.challenge();
                    silent.add(k);
                    continue;
                }
                case 1 -> k.challenge(); // a header announcing a gigabyte
                case 2 -> { // bytes, no frame
                    byte[] bytes = new byte[Frame.HEADER_BYTES + random.nextInt(300)]; // fewer would wait for the rest
                    random.nextBytes(bytes);
                    k.challenge();
                    k.send(bytes);
                }
                case 3 -> { // a well-formed hello, proven with another secret
                    byte[] proof = wrong.proof(k.challenge(), hello);
                    k.send(Knock.frame(Frame.HELLO, java.nio.ByteBuffer.allocate(proof.length + hello.length).put(proof).put(hello).array()));
                }
                case 4 -> k.challenge(); // a hello of no run: sent below with case 1's header
                default -> { // gone at once
                    k.close();
                    continue;
                }
            }
            if (kind == 1) {
                k.send(ServeHoldsItsGroundTest.gigabyteHeader());
            } else if (kind == 4) {
                k.send(Knock.hello("{\"run\": 17}"));
            }
            try (k) {
                String verdict = k.verdict();
                assertThat(verdict == null || !verdict.isEmpty()).as("connection " + i + " was not let in: " + verdict).isTrue();
                refused += verdict != null ? 1 : 0;
            }
        }
        for (Knock k : silent) {
            try (k) {
                assertThat(k.verdict()).as("a silent connection is dropped, and told why").isNotBlank();
            }
        }
        legitimate.get(60, TimeUnit.SECONDS);
        produce(at, "after", secret);
        serving.done().get(30, TimeUnit.SECONDS);

        String said = serving.said();
        assertThat(said.lines().filter(l -> l.contains("done: 550 received, every one intact"))).hasSize(2);
        assertThat(said).doesNotContain("a fault of serve's own").doesNotContain("the run failed");
        assertThat(said.lines().filter(l -> l.contains("dropped for a newer connection")).count())
                .as("no more than %d connections shake hands at once", ServeGate.SHAKING_MAX)
                .isGreaterThanOrEqualTo(SILENT - ServeGate.SHAKING_MAX);
        assertThat(refused).as("refusals read by the hostile side").isGreaterThan(CONNECTIONS / 2);
    }

    private void produce(HostPort at, String id, Path secret) {
        RunContext run = run(id, secret);
        try (Endpoint producer = RemoteRuns.start(run, 0, at)) {
            new ProducerRig(run.spec(), producer).run();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private RunContext run(String id, Path secret) {
        RunSpec spec = ServeHoldsItsGroundTest.spec();
        if (secret != null) {
            spec = spec.with("connect", "127.0.0.1:1").with("secret-file", secret.toString());
        }
        return new RunContext(directory, id, ProcessHandle.current().pid(), spec);
    }
}
