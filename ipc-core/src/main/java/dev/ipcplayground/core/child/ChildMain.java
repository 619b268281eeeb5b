package dev.ipcplayground.core.child;

import dev.ipcplayground.core.Endpoint;
import dev.ipcplayground.core.InProcessTransport;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.Role;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.InterProcessTransport;
import dev.ipcplayground.core.RunFile;
import dev.ipcplayground.core.Side;
import dev.ipcplayground.core.Transports;
import dev.ipcplayground.core.rig.ConsumerRig;
import dev.ipcplayground.core.rig.ProducerRig;
import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.core.rig.SideResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The entry point of every child JVM: {@code ChildMain consumer|producer|producer-N RUN_DIR PARENT_PID}
 * (producer-N: producer N of several, {@link Side#key()}).
 *
 * <p>It reads the run from the run directory, opens its end of the transport, runs the rig and
 * writes its result next to the run file. Failures go to stderr, one line that names this side,
 * and exit code 1; the launcher shows that line.
 */
public final class ChildMain {

    private ChildMain() {}

    public static void main(String[] args) {
        Side side = Side.parse(args[0]);
        Role role = side.role();
        Path directory = Path.of(args[1]);
        ParentWatch.dieWithParent(Long.parseLong(args[2]));
        Libc.umask(0077); // everything this side makes (files, FIFOs, semaphores ...) is private: 0600
        System.setOut(System.err); // stdout may be the transport itself (pipe): nothing may print there
        try {
            RunContext run = RunContext.load(directory);
            // Who we are, for the launcher and for a peer that wants to know whether we still live.
            RunFile.PID.write(run, side, Long.toString(ProcessHandle.current().pid()).getBytes());
            switch (Transports.named(run.spec().transport())) {
                case InProcessTransport inProcess -> { // both sides, in this JVM
                    InProcessTransport.Results results = inProcess.runBoth(run);
                    RunFile.RESULT.write(run, Side.CONSUMER, Json.MAPPER.writeValueAsBytes(results.consumer()));
                    for (SideResult producer : results.producers()) {
                        RunFile.RESULT.write(run, Side.producer(producer.index()), Json.MAPPER.writeValueAsBytes(producer));
                    }
                }
                case InterProcessTransport interProcess -> {
                    SideResult result = interProcess.onSideThread(() -> run(side, run, interProcess));
                    RunFile.RESULT.write(run, side, Json.MAPPER.writeValueAsBytes(result));
                }
                default -> throw new IllegalStateException(run.spec().transport() + " is neither in-process nor inter-process");
            }
        } catch (Throwable e) {
            ChildCommand.recordChildrenBeforeFailing(java.time.Duration.ofMillis(500)); // the launcher must blame a dead child
            System.err.println(side.key() + " failed: " + describe(e));
            System.exit(1);
        }
        System.exit(0);
    }

    private static SideResult run(Side side, RunContext run, InterProcessTransport transport) throws IOException {
        Role role = side.role();
        if (role == Role.CONSUMER) {
            try (Endpoint endpoint = transport.openConsumer(run)) {
                run.spec().pin().pinMessagingThread(role); // after opening: threads the transport started stay unpinned
                startWithAnEmptyHeap();
                RunFile.READY.write(run, role, Long.toString(ProcessHandle.current().pid()).getBytes());
                return new ConsumerRig(run, endpoint).run();
            }
        }
        try (Endpoint endpoint = transport.openProducer(run, side.index())) {
            run.spec().pin().pinMessagingThread(role);
            startWithAnEmptyHeap();
            return new ProducerRig(run, endpoint, side.index()).run();
        }
    }

    /**
     * Start-up (class loading, reading the run file) leaves garbage behind. Collected now, before
     * the first message, it cannot trigger a collection in the measured phase, where the rigs
     * allocate nothing: a GC cycle there then means a real allocation on the hot path.
     */
    public static void startWithAnEmptyHeap() {
        System.gc();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }
}
