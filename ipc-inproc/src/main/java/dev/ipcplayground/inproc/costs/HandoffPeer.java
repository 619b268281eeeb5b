package dev.ipcplayground.inproc.costs;

import dev.ipcplayground.core.os.Libc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The other process of the handoffs ({@link Handoffs#processes}), one JVM for all of them, so that
 * it is started and warmed once: it reads one line per handoff from stdin,
 * {@code pipe CPU BYTES WARM IN OUT} (open the parent's pipes by path) or
 * {@code futex CPU BYTES WARM FILE} (map the futex word's page); for each it pins its thread to
 * CPU, passes a token to itself for WARM nanoseconds (the same calls and touching, so that the
 * JIT compiles them) and waits until its JIT is quiet, says "ready", passes the token back until
 * told to stop, touching a working set of BYTES between handoffs, and says "done".
 */
public final class HandoffPeer {

    private HandoffPeer() {}

    public static void main(String[] args) throws Exception {
        Libc.prctl(Libc.PR_SET_PDEATHSIG, Libc.SIGKILL); // a probe that dies takes this process with it
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = commands.readLine()) != null; ) {
            String[] a = line.trim().split(" ");
            Handoffs.Mechanism mechanism = Handoffs.Mechanism.valueOf(a[0].toUpperCase(Locale.ROOT));
            Libc.pinCallingThread(Integer.parseInt(a[1]));
            WorkingSet mine = new WorkingSet(Long.parseLong(a[2]));
            try (Arena arena = Arena.ofConfined()) {
                Token token = switch (mechanism) {
                    case PIPE -> new Token.Pipe(open(arena, a[4], Libc.O_RDONLY), open(arena, a[5], Libc.O_WRONLY));
                    case FUTEX -> {
                        try (FileChannel file = FileChannel.open(Path.of(a[4]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                            yield new Token.OnFutex(file.map(FileChannel.MapMode.READ_WRITE, 0, 4096, arena), 1, 0);
                        }
                    }
                };
                Token self = Handoffs.toItself(mechanism, arena);
                long warm = Long.parseLong(a[3]);
                Handoffs.roundTrips(self, mine, warm);
                Handoffs.closeAll(self);
                Handoffs.untilJitQuiet(Handoffs.jitWaitMillis(warm));
                say("ready");
                try {
                    Handoffs.follow(token, mine);
                } finally {
                    Handoffs.closeAll(token);
                }
            }
            say("done");
        }
    }

    private static void say(String what) {
        System.out.println(what);
        System.out.flush();
    }

    private static int open(Arena arena, String path, int flags) throws IOException {
        int fd = Libc.open(arena.allocateFrom(path), flags);
        if (fd < 0) {
            throw new IOException("open " + path + ": " + Libc.strerror(Libc.errno()));
        }
        return fd;
    }
}
