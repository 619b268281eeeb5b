package dev.ipcplayground.launcher;

import dev.ipcplayground.core.InProcessTransport;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.RunContext;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.Verification;
import dev.ipcplayground.core.rig.SideResult;
import dev.ipcplayground.core.rig.Warmup;
import dev.ipcplayground.launcher.report.Fairness;
import dev.ipcplayground.launcher.report.Latency;
import dev.ipcplayground.launcher.report.RunResult;
import dev.ipcplayground.launcher.report.SideCost;
import dev.ipcplayground.launcher.report.Throughput;
import java.io.IOException;
import java.util.List;
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
        java.nio.file.Path where = null;
        try (RunDirectory directory = RunDirectory.create()) {
            where = directory.path();
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
                return assemble(transport, spec, supervisor.run(), repeat);
            } finally {
                supervisor.stopAll();
                transport.cleanup(run);
                removeHook(onSignal);
            }
        } catch (RunFailure failure) { // what the user is told was kept: by now every side is stopped and its files gone
            throw failure.and(where != null && java.nio.file.Files.exists(where)
                    ? "its directory " + where + " remains (bin/launcher clean removes it)"
                    : "every side stopped and the run's files removed");
        }
    }

    /**
     * Checks every side's results and turns them into the reported numbers. With several
     * producers: the latency of every producer's messages in one histogram, the throughput of all
     * of them over the consumer's measured time (from the moment all began to the last message),
     * and the producers' costs added up.
     */
    static Measured assemble(Transport transport, RunSpec spec, Supervisor.Outcome outcome, int repeat) throws RunFailure {
        List<SideResult> producers = outcome.producers();
        SideResult producer = outcome.producer(), consumer = outcome.consumer();
        Verification verification = consumer.verification();
        if (!verification.clean()) {
            throw new RunFailure("the consumer found faulty messages: " + verification.problems());
        }
        // Ping-pong is timed by the producers (round trips), a stream by the consumer (one way).
        boolean pingPong = spec.mode() == Mode.PINGPONG;
        Histogram latency = pingPong ? merged(producers) : consumer.histogram();
        long measured = pingPong ? producers.stream().mapToLong(SideResult::messages).sum() : consumer.messages();
        if (latency == null || latency.getTotalCount() != measured || (!spec.soak() && measured != spec.count())) {
            throw new RunFailure("the " + (pingPong ? "producer" : "consumer") + " recorded " + (latency == null ? 0 : latency.getTotalCount())
                    + " latencies for " + measured + " measured messages; the run asked for " + spec.count());
        }
        // One producer's round trips take its own time; several producers' messages, the consumer's, from when all began.
        SideResult timer = pingPong && !spec.fanIn() ? producer : consumer;
        boolean oneThread = transport instanceof InProcessTransport inProcess && inProcess.oneKernelThread();
        Warmup.Result warm = producer.warmup();
        boolean limited = consumer.warmup().end() == Warmup.End.LIMIT
                || producers.stream().anyMatch(p -> p.warmup().end() == Warmup.End.LIMIT);
        return new Measured(new RunResult(spec.transport(), spec.mode().key(), spec.payloadSize(), measured,
                producers.stream().mapToLong(p -> p.warmup().messages()).sum(),
                spec.settings(), spec.duration().toSeconds(), latencyKind(spec.mode()),
                Latency.of(latency),
                Throughput.of(measured, timer.elapsedNanos(), spec.payloadSize()),
                verification,
                new RunResult.Costs(SideCost.ofAll(producers, oneThread ? consumer : null), SideCost.of(consumer)), repeat, spec.pin().key(),
                facts(producer, consumer), spec.rate(), spec.warmup() == RunSpec.AUTO_WARMUP ? "auto" : "fixed",
                producers.stream().mapToLong(p -> p.warmup().nanos()).max().orElse(warm.nanos()),
                limited ? Warmup.End.LIMIT.key() : warm.end().key(),
                spec.producers(), spec.work().toNanos(), spec.fanIn() ? transport.manyProducers(spec).design() : "",
                Fairness.of(producers.stream().mapToDouble(p -> p.elapsedNanos() <= 0 ? 0 : p.messages() * 1e9 / p.elapsedNanos())
                        .toArray())), latency);
    }

    /** Every producer's round trips in one histogram. */
    private static Histogram merged(List<SideResult> producers) {
        Histogram all = null;
        for (SideResult p : producers) {
            Histogram h = p.histogram();
            if (h == null) {
                return null;
            }
            if (all == null) {
                all = h;
            } else {
                all.add(h);
            }
        }
        return all;
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
