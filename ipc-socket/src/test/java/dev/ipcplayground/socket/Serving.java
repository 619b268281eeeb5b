package dev.ipcplayground.socket;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code launcher serve} in a test: on a free loopback port for {@code runs} runs, its log kept, started once it listens. */
record Serving(HostPort at, ByteArrayOutputStream log, CompletableFuture<Void> done) {

    static Serving start(long runs) throws Exception {
        return start(runs, Map.of("io", "nio"));
    }

    /** With a secret: only producers holding {@code secretFile} may run. */
    static Serving start(long runs, java.nio.file.Path secretFile) throws Exception {
        return start(runs, Map.of("io", "nio", "secret-file", secretFile.toString()));
    }

    private static Serving start(long runs, Map<String, String> settings) throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        HostPort at = new HostPort("127.0.0.1", port);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream logged = new PrintStream(log, true, StandardCharsets.UTF_8);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                new TcpTransport().serve(at.toString(), settings, runs, logged);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> Thread.ofPlatform().daemon().name("serve").start(task)); // not the common pool: it may have one thread
        Serving serving = new Serving(at, log, done);
        serving.awaitLog("serving tcp runs", 1);
        return serving;
    }

    String said() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the log holds {@code what} {@code times} times (30 s at most). */
    void awaitLog(String what, int times) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (said().split(java.util.regex.Pattern.quote(what), -1).length - 1 < times) {
            if (System.nanoTime() > end) {
                throw new AssertionError("serve did not log '" + what + "' " + times + " times: " + said());
            }
            Thread.sleep(20);
        }
    }
}
