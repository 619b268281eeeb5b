package dev.ipcplayground.launcher.report;

import dev.ipcplayground.core.Verification;
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
 */
public record RunResult(String transport, String mode, int messageSize, long count, long warmup,
                        Map<String, String> settings, long soakSeconds, String latencyKind, Latency latencyNanos,
                        Throughput throughput, Verification verification, Costs cost, int repeat, String pin,
                        Map<String, String> facts, long rate, String warmupPolicy, long warmupNanos, String warmupEnd) {

    /** Per-side cost. */
    public record Costs(SideCost producer, SideCost consumer) { }
}
