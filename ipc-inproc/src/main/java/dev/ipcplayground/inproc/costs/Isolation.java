package dev.ipcplayground.inproc.costs;

import dev.ipcplayground.core.os.Libc;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The note's "a process that crashes does not affect the others; when a process dies, all its
 * threads die": two workers exchange messages over a Unix socket, as two processes and as two
 * threads of one JVM; then one of them crashes the way native code crashes, a {@code strlen(NULL)}
 * through the FFM API: a SIGSEGV in C, which the JVM cannot turn into an exception, so it writes
 * its crash file ({@code -XX:ErrorFile}, in the run directory) and aborts. What survived is
 * counted, not assumed: a worker that survives says so, and takes a new peer to show the exchange
 * can go on.
 *
 * <p>{@code Isolation listen SOCKET PEERS} serves PEERS peers in turn, echoing each message, and
 * prints "peer K ended after N messages" at each one's end; {@code Isolation connect SOCKET N
 * crash|stay} sends N messages and then crashes or leaves; {@code Isolation threads SOCKET N} is
 * both in one JVM, the connecting thread crashing.
 */
public final class Isolation {

    /** What a run of the two workers left: how many survived, and their own words. */
    record Outcome(int survivors, int crashedExit, String crashLine, String survivorSaid) {
        /** Whether the crash came: the JVM wrote its crash file (a worker that failed otherwise also exits 1). */
        boolean crashed() {
            return crashLine.startsWith(CRASH_FILE);
        }
    }

    private static final String CRASH_FILE = "the JVM's crash file ";

    private static final int MESSAGE = 64;

    private Isolation() {}

    static List<Claim> claims(Path runDirectory, int messages) throws Exception {
        Outcome processes = processes(runDirectory, messages), threads = threads(runDirectory, messages);
        String claim = "a process that crashes does not affect the others; when a process dies, all its threads die (健壮性)";
        String how = String.format(Locale.ROOT, "two workers exchange %,d messages of %d bytes over a Unix socket, then one calls "
                + "strlen(NULL) through the FFM API: %s", messages, MESSAGE, processes.crashLine());
        List<Claim> rows = new ArrayList<>();
        rows.add(new Claim("isolation: two processes, one crashes", (double) processes.survivors(), "of 2 alive",
                how + "; the crash file written in the run directory, then removed with it", claim,
                !processes.crashed() ? notMeasured(processes)
                : processes.survivors() == 1 && !processes.survivorSaid().isEmpty()
                        ? "agrees: the crashed process exited " + exit(processes.crashedExit()) + " after writing its crash file; "
                                + "the other " + processes.survivorSaid()
                        : "disagrees: " + processes.survivors() + " of 2 survived (the crashed one exited "
                                + exit(processes.crashedExit()) + ")"));
        rows.add(new Claim("isolation: two threads of one JVM, one crashes", (double) threads.survivors(), "of 2 alive",
                how.replace("two workers", "two threads of one JVM"), claim,
                !threads.crashed() ? notMeasured(threads)
                : threads.survivors() == 0
                        ? "agrees: the JVM exited " + exit(threads.crashedExit()) + " after writing its crash file, and took the "
                                + "other thread with it, "
                                + "which never got to say its peer had ended"
                        : "disagrees: the other thread " + threads.survivorSaid()));
        return rows;
    }

    /** A worker that ended without its crash (it failed before: a refused connection, a short echo) proves nothing. */
    private static String notMeasured(Outcome outcome) {
        return "not measured: the crashing worker ended " + exit(outcome.crashedExit()) + " without crashing (" + outcome.crashLine()
                + "); run again";
    }

    private static String exit(int code) {
        return code > 128 ? "by signal " + (code - 128) : "with " + code; // 1 after a fatal error with core dumps off
    }

    /** Worker B listens; A connects and crashes; a new A connects and leaves: B sees both ends. */
    private static Outcome processes(Path runDirectory, int messages) throws Exception {
        Path socket = runDirectory.resolve("isolation-processes.sock");
        Process listener = start(runDirectory, "listen", socket.toString(), "2");
        List<Process> started = new ArrayList<>(List.of(listener));
        try {
            await(socket);
            Process crashing = start(runDirectory, "connect", socket.toString(), Integer.toString(messages), "crash");
            started.add(crashing);
            int crashed = finished(crashing);
            Process replacement = start(runDirectory, "connect", socket.toString(), Integer.toString(messages), "stay");
            started.add(replacement);
            int replaced = finished(replacement);
            int listened = finished(listener);
            List<String> said = new String(listener.getInputStream().readAllBytes()).lines().toList();
            boolean survived = listened == 0 && replaced == 0 && said.size() == 2;
            return new Outcome(survived ? 1 : 0, crashed, crashLine(runDirectory, crashing.pid()),
                    survived ? "saw its peer's end (" + said.get(0) + ") and served a new peer (" + said.get(1) + ")" : "");
        } finally {
            stop(started);
            Files.deleteIfExists(socket);
        }
    }

    /** One JVM, two threads: the connecting one crashes; whether the listening one says anything is counted. */
    private static Outcome threads(Path runDirectory, int messages) throws Exception {
        Path socket = runDirectory.resolve("isolation-threads.sock");
        Process jvm = start(runDirectory, "threads", socket.toString(), Integer.toString(messages));
        try {
            int exit = finished(jvm);
            List<String> said = new String(jvm.getInputStream().readAllBytes()).lines()
                    .filter(line -> line.startsWith("peer")).toList();
            return new Outcome(exit == 0 ? 2 : said.isEmpty() ? 0 : 1, exit, crashLine(runDirectory, jvm.pid()),
                    said.isEmpty() ? "" : "said: " + String.join("; ", said));
        } finally {
            stop(List.of(jvm));
            Files.deleteIfExists(socket);
        }
    }

    private static Process start(Path runDirectory, String... args) throws IOException {
        List<String> command = new ArrayList<>(CostsProbe.javaCommand(Isolation.class));
        command.addAll(command.size() - 1, List.of("-XX:ErrorFile=" + runDirectory.resolve("hs_err_pid%p.log"),
                "-XX:-CreateCoredumpOnCrash"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(runDirectory.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void await(Path socket) throws InterruptedException {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); !Files.exists(socket); ) {
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("the listening worker did not listen within 30 s");
            }
            Thread.sleep(10);
        }
    }

    private static int finished(Process worker) throws InterruptedException {
        if (!worker.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a worker of the isolation rows did not finish within 60 s");
        }
        return worker.exitValue();
    }

    private static void stop(List<Process> workers) throws InterruptedException {
        for (Process worker : workers) {
            worker.destroyForcibly().waitFor();
        }
    }

    /** The crash file's line that names the fault: "SIGSEGV (0xb) at pc=..., pid=..., tid=..." and the frame it hit. */
    private static String crashLine(Path runDirectory, long pid) throws IOException {
        Path file = runDirectory.resolve("hs_err_pid" + pid + ".log");
        if (!Files.exists(file)) {
            return "no crash file was written";
        }
        try (Stream<String> lines = Files.lines(file)) {
            List<String> head = lines.limit(40).toList();
            String fault = head.stream().filter(l -> l.startsWith("#  SIG")).findFirst().orElse("#  a fault").substring(3).trim();
            String frame = head.stream().filter(l -> l.startsWith("# C  [")).findFirst().map(l -> ", in " + l.substring(2).trim())
                    .orElse("");
            return CRASH_FILE + file.getFileName() + " says " + fault.replaceAll(", pid=.*", "") + frame;
        } finally {
            Files.delete(file);
        }
    }

    // ---- the workers --------------------------------------------------------------------------

    public static void main(String[] args) throws Throwable {
        Libc.prctl(Libc.PR_SET_PDEATHSIG, Libc.SIGKILL); // a probe that dies takes its workers with it
        Path socket = Path.of(args[1]);
        switch (args[0]) {
            case "listen" -> listen(socket, Integer.parseInt(args[2]));
            case "connect" -> connect(socket, Integer.parseInt(args[2]), args[3].equals("crash"));
            case "threads" -> {
                Thread listening = Thread.ofPlatform().daemon().start(() -> { // a daemon: a failure elsewhere never leaves it waiting
                    try {
                        listen(socket, 1);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                connect(socket, Integer.parseInt(args[2]), true);
                listening.join(); // never: the crash takes the JVM
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void listen(Path socket, int peers) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            ByteBuffer message = ByteBuffer.allocate(MESSAGE);
            for (int peer = 1; peer <= peers; peer++) {
                long echoed = 0;
                try (SocketChannel channel = server.accept()) {
                    while (readFully(channel, message)) {
                        message.flip();
                        while (message.hasRemaining()) {
                            channel.write(message);
                        }
                        message.clear();
                        echoed++;
                    }
                } catch (IOException e) {
                    // a connection reset by a crashed peer is its end too
                }
                System.out.printf(Locale.ROOT, "peer %d ended after %,d messages%n", peer, echoed);
                System.out.flush();
            }
        }
    }

    private static void connect(Path socket, int messages, boolean crash) throws Throwable {
        try (SocketChannel channel = connected(socket)) {
            ByteBuffer message = ByteBuffer.allocate(MESSAGE);
            for (int i = 0; i < messages; i++) {
                message.clear().putInt(0, i);
                while (message.hasRemaining()) {
                    channel.write(message);
                }
                message.clear();
                if (!readFully(channel, message) || message.getInt(0) != i) {
                    throw new IllegalStateException("the echo of message " + i + " did not come back whole");
                }
            }
            if (crash) {
                crash();
            }
        }
    }

    /**
     * The listener's socket file exists from its bind(2) on, and connections are refused until its
     * listen(2): a refused or missing socket is tried again, for up to 10 s.
     */
    private static SocketChannel connected(Path socket) throws IOException, InterruptedException {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); ; Thread.sleep(5)) {
            try {
                return SocketChannel.open(UnixDomainSocketAddress.of(socket));
            } catch (java.net.SocketException e) { // refused (not listening yet), or no such file (not bound yet)
                if (System.nanoTime() - end > 0) {
                    throw e;
                }
            }
        }
    }

    /** A fault in native code: strlen reads address 0. No exception can come of it; the JVM writes its crash file and aborts. */
    @SuppressWarnings("restricted") // a crash is what it is for
    private static void crash() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle strlen = linker.downcallHandle(linker.defaultLookup().find("strlen").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        long length = (long) strlen.invokeExact(MemorySegment.NULL);
        throw new AssertionError("strlen(NULL) returned " + length);
    }

    private static boolean readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }
}
