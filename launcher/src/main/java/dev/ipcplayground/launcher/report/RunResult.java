package dev.ipcplayground.launcher.report;

import dev.ipcplayground.core.Verification;
import java.util.List;
import java.util.Map;

/**
 * One run in the JSON document and the table. Field names are part of the documented, stable
 * JSON format (README, "The JSON document"): add fields, never rename them.
 *
 * @param pin         where the sides ran: none, same (both on CPU 0) or apart (CPU 0 and CPU 1)
 * @param repeat      which repeat of this transport and size this is, from 1 (--repeat)
 * @param soakSeconds how long the measured phase was asked to last ({@code --duration}), 0 for a run by count
 * @param latencyKind {@code round-trip} (ping-pong, timed by the producer), {@code one-way}
 *                    (stream, timed by the consumer against the send time in each header) or
 *                    {@code one-way-from-due} (rate: against the time each message was due)
 * @param facts       what each side learnt about its peer and channel, keys prefixed by side, e.g.
 *                    {@code consumer.peer-pid} (the producer's pid as the kernel reports it on a Unix socket)
 * @param rate        the messages per second asked for with {@code --mode rate}; 0 otherwise
 * @param warmupPolicy {@code auto} (until both sides' JIT compilers were quiet) or {@code fixed} ({@code --warmup N})
 * @param warmupNanos how long the producer's warm-up took
 * @param warmupEnd   what ended it: {@code quiet} (both JITs quiet), {@code limit} (the time or message
 *                    limit came first) or {@code count} (the fixed count)
 * @param producers   how many producer processes sent to the one consumer ({@code --producers}); with more
 *                    than one, {@code throughput} is their aggregate, {@code latencyNanos} covers every
 *                    producer's messages, and {@code cost.producer} is all producers' together, per message
 * @param workNanos   the busy work the consumer did for each message ({@code --work}), 0 for none
 * @param fanIn       how the transport's consumer met its producers, in the transport's words; empty for one producer
 * @param fairness    how evenly the producers got through: each one's own rate, and how they compare
 * @param warnings    what could have spoiled this run, in words (also in the document's {@code warnings})
 */
public record RunResult(String transport, String mode, int messageSize, long count, long warmup,
                        Map<String, String> settings, long soakSeconds, String latencyKind, Latency latencyNanos,
                        Throughput throughput, Verification verification, Costs cost, int repeat, String pin,
                        Map<String, String> facts, long rate, String warmupPolicy, long warmupNanos, String warmupEnd,
                        int producers, long workNanos, String fanIn, Fairness fairness, List<String> warnings) {

    public RunResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A run as measured, before it was checked for what could spoil it. */
    public RunResult(String transport, String mode, int messageSize, long count, long warmup,
                     Map<String, String> settings, long soakSeconds, String latencyKind, Latency latencyNanos,
                     Throughput throughput, Verification verification, Costs cost, int repeat, String pin,
                     Map<String, String> facts, long rate, String warmupPolicy, long warmupNanos, String warmupEnd,
                     int producers, long workNanos, String fanIn, Fairness fairness) {
        this(transport, mode, messageSize, count, warmup, settings, soakSeconds, latencyKind, latencyNanos, throughput,
                verification, cost, repeat, pin, facts, rate, warmupPolicy, warmupNanos, warmupEnd, producers, workNanos, fanIn,
                fairness, List.of());
    }

    /** This run with the warnings its checks found ({@link TrustChecks}). */
    public RunResult withWarnings(List<String> found) {
        return new RunResult(transport, mode, messageSize, count, warmup, settings, soakSeconds, latencyKind, latencyNanos,
                throughput, verification, cost, repeat, pin, facts, rate, warmupPolicy, warmupNanos, warmupEnd, producers,
                workNanos, fanIn, fairness, found);
    }

    /** A run of one producer whose consumer did no work. */
    public RunResult(String transport, String mode, int messageSize, long count, long warmup,
                     Map<String, String> settings, long soakSeconds, String latencyKind, Latency latencyNanos,
                     Throughput throughput, Verification verification, Costs cost, int repeat, String pin,
                     Map<String, String> facts, long rate, String warmupPolicy, long warmupNanos, String warmupEnd) {
        this(transport, mode, messageSize, count, warmup, settings, soakSeconds, latencyKind, latencyNanos, throughput,
                verification, cost, repeat, pin, facts, rate, warmupPolicy, warmupNanos, warmupEnd, 1, 0, "",
                Fairness.of(new double[] {throughput.messagesPerSecond()}));
    }

    /** Per-side cost: with several producers, {@code producer} is all of them together. */
    public record Costs(SideCost producer, SideCost consumer) { }
}
