package dev.ipcplayground.inproc.costs;

import dev.ipcplayground.core.os.Libc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A token passed between two processes, or between two threads of one process, by the same
 * mechanism (two pipes, or one futex word), each side pinned where the caller says and touching a
 * working set of its own before it passes the token on: lmbench's {@code lat_ctx}, in Java.
 *
 * <p>The measuring side (this process, on a fresh thread) times round trips for a while; one
 * handoff is half a round trip. From it the {@linkplain #overhead overhead} is taken away: the same
 * calls and the same touching done by one thread passing the token to itself, which switches
 * nothing. What remains is the switch, and the refilling of caches and TLB that the other side's
 * working set took away.
 */
final class Handoffs {

    enum Mechanism {
        PIPE, FUTEX;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One measurement.
     *
     * @param nanos     per handoff, the overhead taken away
     * @param overhead  the overhead per handoff: the calls and the touching, without a switch
     * @param sleeps    voluntary context switches of the measuring thread per round trip (1: it slept each time)
     * @param rounds    round trips timed
     */
    record Handoff(double nanos, double overhead, double sleeps, long rounds) { }

    private Handoffs() {}

    /** Two threads of this JVM, the measuring one on {@code cpuA}, its peer on {@code cpuB}. */
    static Handoff threads(Mechanism mechanism, int cpuA, int cpuB, long workingSet, long warmNanos, long nanos)
            throws Exception {
        try (Arena arena = Arena.ofShared()) {
            Token[] ends = switch (mechanism) {
                case PIPE -> {
                    int[] ab = pipe(arena), ba = pipe(arena);
                    yield new Token[] {new Token.Pipe(ba[0], ab[1]), new Token.Pipe(ab[0], ba[1])};
                }
                case FUTEX -> {
                    MemorySegment word = arena.allocate(ValueLayout.JAVA_INT);
                    yield new Token[] {new Token.OnFutex(word, 0, 1), new Token.OnFutex(word, 1, 0)};
                }
            };
            Throwable[] peerFailure = new Throwable[1];
            Thread peer = Thread.ofPlatform().start(() -> {
                try {
                    Libc.pinCallingThread(cpuB);
                    follow(ends[1], new WorkingSet(workingSet));
                } catch (Throwable t) {
                    peerFailure[0] = t;
                }
            });
            try {
                return onFreshThread(() -> lead(ends[0], cpuA, mechanism, workingSet, warmNanos, nanos));
            } finally {
                peer.join();
                closeAll(ends);
                if (peerFailure[0] != null) {
                    throw new IllegalStateException("the peer thread failed", peerFailure[0]);
                }
            }
        }
    }

    /**
     * The other process of {@link #processes}: one child JVM ({@link HandoffPeer}) for every
     * handoff of a probe, started on first use, told by a line on its stdin what to do next.
     */
    static final class Peer implements AutoCloseable {
        private Process process;
        private BufferedReader said;
        private java.io.PrintWriter tell;

        private void start() throws IOException {
            process = new ProcessBuilder(CostsProbe.javaCommand(HandoffPeer.class)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            said = new BufferedReader(new InputStreamReader(process.getInputStream()));
            tell = new java.io.PrintWriter(process.getOutputStream(), true);
        }

        /** Sends one handoff's line and waits for "ready". */
        void begin(String line) throws IOException {
            if (process == null) {
                start();
            }
            tell.println(line);
            expect("ready");
        }

        void expect(String word) throws IOException {
            String line = said.readLine();
            if (!word.equals(line)) {
                throw new IllegalStateException("the handoff peer said " + line + ", not " + word);
            }
        }

        @Override
        public void close() throws Exception {
            if (process != null) {
                tell.close(); // end of its stdin: it exits
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    /**
     * Two processes: this one and the {@code peer} on {@code cpuB}. It finds the pipes as
     * {@code /proc/<our pid>/fd/N}, or maps the futex word's file on /dev/shm, which is removed as
     * soon as it has (the mapping outlives the name).
     */
    static Handoff processes(Peer peer, Mechanism mechanism, int cpuA, int cpuB, long workingSet, long warmNanos, long nanos)
            throws Exception {
        try (Arena arena = Arena.ofShared()) {
            String line = mechanism.key() + " " + cpuB + " " + workingSet + " " + warmNanos;
            Token lead;
            Path wordFile = null;
            int[] ab = null, ba = null;
            if (mechanism == Mechanism.PIPE) {
                ab = pipe(arena);
                ba = pipe(arena);
                lead = new Token.Pipe(ba[0], ab[1]);
                long me = ProcessHandle.current().pid();
                line += " /proc/" + me + "/fd/" + ab[0] + " /proc/" + me + "/fd/" + ba[1];
            } else {
                wordFile = Files.createTempFile(Path.of("/dev/shm"), "ipcpg-costs-", ".futex");
                MemorySegment page;
                try (FileChannel file = FileChannel.open(wordFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    page = file.map(FileChannel.MapMode.READ_WRITE, 0, 4096, arena);
                }
                lead = new Token.OnFutex(page, 0, 1);
                line += " " + wordFile;
            }
            try {
                peer.begin(line);
                if (wordFile != null) {
                    Files.deleteIfExists(wordFile); // both have it mapped: the name is no longer needed
                } else {
                    // The peer has its own ends open now: drop ours, so that if it dies our read sees the end of the pipe.
                    Libc.close(ab[0]);
                    Libc.close(ba[1]);
                    ab[0] = ba[1] = -1;
                }
                Token mine = lead;
                Handoff measured = onFreshThread(() -> lead(mine, cpuA, mechanism, workingSet, warmNanos, nanos));
                peer.expect("done");
                return measured;
            } finally {
                if (wordFile != null) {
                    Files.deleteIfExists(wordFile);
                }
                for (int[] fds : new int[][] {ab, ba}) {
                    for (int fd : fds == null ? new int[0] : fds) {
                        if (fd >= 0) {
                            Libc.close(fd);
                        }
                    }
                }
            }
        }
    }

    /** The measuring side: warms up, times round trips for {@code nanos}, stops the peer, subtracts the overhead. */
    private static Handoff lead(Token token, int cpu, Mechanism mechanism, long workingSet, long warmNanos, long nanos)
            throws Exception {
        long rounds;
        double perHandoff, sleeps;
        WorkingSet mine;
        try {
            Libc.pinCallingThread(cpu);
            mine = new WorkingSet(workingSet);
            roundTrips(token, mine, warmNanos);
            untilJitQuiet(jitWaitMillis(warmNanos)); // the peer waits for the token meanwhile
            long sleepsBefore = CostsProbe.threadUsage(Libc.RU_NVCSW), start = System.nanoTime();
            rounds = roundTrips(token, mine, nanos);
            perHandoff = (System.nanoTime() - start) / (2.0 * rounds);
            sleeps = (CostsProbe.threadUsage(Libc.RU_NVCSW) - sleepsBefore) / (double) rounds;
        } finally {
            token.stop(); // also after a failure: the peer must not wait for ever
        }
        double overhead = overhead(mechanism, mine, Math.max(nanos / 4, 5_000_000));
        return new Handoff(perHandoff - overhead, overhead, sleeps, rounds);
    }

    /** At least this many round trips are timed, however long a large working set makes them. */
    private static final long MIN_ROUNDS = 20;

    /** Round trips for at least {@code nanos} (and {@link #MIN_ROUNDS}): touch, pass, wait for the token's return. */
    static long roundTrips(Token token, WorkingSet mine, long nanos) {
        long rounds = 0, end = System.nanoTime() + nanos;
        do {
            mine.touch();
            token.pass();
            if (!token.await()) {
                throw new IllegalStateException("the peer stopped first");
            }
            rounds++;
        } while (System.nanoTime() - end < 0 || rounds < MIN_ROUNDS);
        return rounds;
    }

    /** The peer: waits for the token, touches its own memory, passes it back, until told to stop. */
    static void follow(Token token, WorkingSet mine) {
        while (token.await()) {
            mine.touch();
            token.pass();
        }
    }

    /**
     * What a handoff costs without the switch: this thread passes the token to itself (a pipe it
     * writes and reads, a futex word it sets and wakes with nobody waiting) and touches the same
     * memory, on the same CPU, its caches warm. Per pass, the same calls and clock read as a handoff.
     */
    private static double overhead(Mechanism mechanism, WorkingSet mine, long nanos) {
        try (Arena arena = Arena.ofConfined()) {
            Token token = toItself(mechanism, arena);
            try {
                roundTrips(token, mine, nanos / 4); // warm
                long start = System.nanoTime();
                long passes = roundTrips(token, mine, nanos);
                return (System.nanoTime() - start) / (double) passes;
            } finally {
                closeAll(token);
            }
        }
    }

    /** How long to wait at most for a quiet JIT after a warm-up of {@code warmNanos}: ten times as long. */
    static long jitWaitMillis(long warmNanos) {
        return 10 * warmNanos / 1_000_000;
    }

    /**
     * Waits, at most {@code mostMillis}, until this JVM's JIT has compiled nothing for a tenth of
     * that (100 ms at most): its compiler threads then leave the measured CPUs alone. A JVM just
     * started compiles for a second or more, and a compiler thread that shares the pinned CPU
     * makes a handoff wait for it.
     */
    static void untilJitQuiet(long mostMillis) throws InterruptedException {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long quietNanos = Math.min(100, Math.max(20, mostMillis / 10)) * 1_000_000;
        long end = System.nanoTime() + mostMillis * 1_000_000, last = -1, since = System.nanoTime();
        while (System.nanoTime() - end < 0) {
            long compiled = jit.getTotalCompilationTime();
            if (compiled != last) {
                last = compiled;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > quietNanos) {
                return;
            }
            Thread.sleep(5);
        }
    }

    /** A token that passes to itself, by the same mechanism: a pipe this thread writes and reads, a word it sets. */
    static Token toItself(Mechanism mechanism, Arena arena) {
        if (mechanism == Mechanism.PIPE) {
            int[] self = pipe(arena);
            return new Token.Pipe(self[0], self[1]);
        }
        return new Token.OnFutex(arena.allocate(ValueLayout.JAVA_INT), 0, 0);
    }

    static int[] pipe(Arena arena) {
        MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) {
            throw new IllegalStateException("pipe2: " + Libc.strerror(Libc.errno()));
        }
        return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
    }

    static void closeAll(Token... tokens) {
        for (Token token : tokens) {
            if (token instanceof Token.Pipe(int in, int out, MemorySegment unused)) {
                Libc.close(in);
                Libc.close(out);
            }
        }
    }

    interface Measured<T> {
        T get() throws Exception;
    }

    /** On a fresh platform thread, so that pinning it does not stick to the caller. */
    static <T> T onFreshThread(Measured<T> work) throws Exception {
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                result[0] = work.get();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
