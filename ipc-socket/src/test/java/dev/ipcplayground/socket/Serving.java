package dev.ipcplayground.socket;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code launcher serve} in a test: on a free loopback port for {@code runs} turns, its log kept, started once it listens. */
record Serving(HostPort at, ByteArrayOutputStream log, CompletableFuture<Void> done) {

    static Serving start(long runs) throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        HostPort at = new HostPort("127.0.0.1", port);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream logged = new PrintStream(log, true, StandardCharsets.UTF_8);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                new TcpTransport().serve(at.toString(), Map.of("io", "nio"), runs, logged);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
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
