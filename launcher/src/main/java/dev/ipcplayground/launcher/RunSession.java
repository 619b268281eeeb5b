package dev.ipcplayground.launcher;

import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.rig.SideResult;
import dev.ipcplayground.core.rig.Warmup;
import dev.ipcplayground.launcher.report.Latency;
import dev.ipcplayground.launcher.report.RunResult;
import dev.ipcplayground.launcher.report.SideCost;
import dev.ipcplayground.launcher.report.Throughput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One run from start to finish: make the run directory, let the transport prepare, supervise the
 * two children, check and assemble their results, and clean up, always: after success, after a
 * failure, and on Ctrl-C or SIGTERM (a shutdown hook does the same steps).
 */
final class RunSession {

    /** Set when a signal (Ctrl-C, SIGTERM) stops the run: the shutdown hook then speaks for it. */
    static volatile boolean stoppedBySignal;

    private RunSession() {}

    /** A run's reported figures, and its full latency histogram (for --hgrm). */
    record Measured(RunResult result, Histogram latency) { }

    static Measured run(Transport transport, RunSpec spec, int repeat) throws RunFailure, IOException {
        try (RunDirectory directory = RunDirectory.create()) {
            RunContext run = new RunContext(directory.path(), directory.runId(), ProcessHandle.current().pid(), spec);
            Supervisor supervisor = new Supervisor(transport, run);
            Thread onSignal = new Thread(() -> {
                stoppedBySignal = true;
                supervisor.stopAll();
                transport.cleanup(run);
                closeQuietly(directory);
                System.err.println("launcher: stopped by a signal; both sides stopped and the run's files removed");
            }, "run-cleanup");
            Runtime.getRuntime().addShutdownHook(onSignal);
            try {
                run.save();
                transport.prepare(run);
                return assemble(spec, supervisor.run(), repeat);
            } finally {
                supervisor.stopAll();
                transport.cleanup(run);
                removeHook(onSignal);
            }
        }
    }

    /** Checks both results and turns them into the reported numbers. */
    static Measured assemble(RunSpec spec, Supervisor.Outcome outcome, int repeat) throws RunFailure {
        SideResult producer = outcome.producer(), consumer = outcome.consumer();
        Verification verification = consumer.verification();
        if (!verification.clean()) {
            throw new RunFailure("the consumer found faulty messages: " + verification.problems());
        }
        // Ping-pong is timed by the producer (round trips), a stream by the consumer (one way).
        SideResult timer = spec.mode() == Mode.PINGPONG ? producer : consumer;
        Histogram latency = timer.histogram();
        long measured = timer.messages();
        if (latency == null || latency.getTotalCount() != measured || (!spec.soak() && measured != spec.count())) {
            throw new RunFailure("the " + timer.role().key() + " recorded " + (latency == null ? 0 : latency.getTotalCount())
                    + " latencies for " + measured + " measured messages; the run asked for " + spec.count());
        }
        Warmup.Result warm = producer.warmup();
        return new Measured(new RunResult(spec.transport(), spec.mode().key(), spec.payloadSize(), measured, warm.messages(),
                spec.settings(), spec.duration().toSeconds(), latencyKind(spec.mode()),
                Latency.of(latency),
                Throughput.of(timer.messages(), timer.elapsedNanos(), spec.payloadSize()),
                verification,
                new RunResult.Costs(SideCost.of(producer), SideCost.of(consumer)), repeat, spec.pin().key(),
                facts(producer, consumer), spec.rate(), spec.warmup() == RunSpec.AUTO_WARMUP ? "auto" : "fixed",
                warm.nanos(), warm.end() == Warmup.End.LIMIT || consumer.warmup().end() == Warmup.End.LIMIT
                        ? Warmup.End.LIMIT.key() : warm.end().key()), latency);
    }

    private static String latencyKind(Mode mode) {
        return switch (mode) {
            case PINGPONG -> "round-trip";
            case STREAM -> "one-way";
            case RATE -> "one-way-from-due";
        };
    }

    /** Both sides' facts in one map, each key prefixed with its side: {@code consumer.peer-pid}. */
    private static Map<String, String> facts(SideResult... sides) {
        Map<String, String> facts = new TreeMap<>();
        for (SideResult side : sides) {
            if (side.facts() != null) {
                side.facts().forEach((key, value) -> facts.put(side.role().key() + "." + key, value));
            }
        }
        return facts;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it cleans up too
        }
    }

    private static void closeQuietly(RunDirectory directory) {
        try {
            directory.close();
        } catch (IOException e) {
            System.err.println("launcher: could not remove " + directory.path() + ": " + e.getMessage());
        }
    }
}
