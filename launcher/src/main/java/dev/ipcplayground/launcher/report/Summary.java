package dev.ipcplayground.launcher.report;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One transport at one size over all its repeats: the median of each figure, and the spread of
 * the median latency, so that noise shows as noise.
 *
 * @param p50MinNanos the lowest p50 among the repeats
 * @param p50MaxNanos the highest
 * @param settings    the transport's settings that differ from its defaults ({@code wait=spin}); empty for a plain run
 * @param producers   how many producers sent ({@code --producers}): a sweep has a summary per count
 * @param jainIndex   the median of the repeats' fairness among the producers (1 for one producer)
 */
public record Summary(String transport, String mode, int messageSize, int repeats, Latency latencyNanos,
                      long p50MinNanos, long p50MaxNanos, Throughput throughput,
                      double producerCpuNanosPerMessage, double consumerCpuNanosPerMessage,
                      double producerSleepsPerMessage, double consumerSleepsPerMessage, Map<String, String> settings,
                      int producers, double jainIndex) {

    /** The summary of one producer's runs. */
    public Summary(String transport, String mode, int messageSize, int repeats, Latency latencyNanos,
                   long p50MinNanos, long p50MaxNanos, Throughput throughput,
                   double producerCpuNanosPerMessage, double consumerCpuNanosPerMessage,
                   double producerSleepsPerMessage, double consumerSleepsPerMessage, Map<String, String> settings) {
        this(transport, mode, messageSize, repeats, latencyNanos, p50MinNanos, p50MaxNanos, throughput, producerCpuNanosPerMessage,
                consumerCpuNanosPerMessage, producerSleepsPerMessage, consumerSleepsPerMessage, settings, 1, 1);
    }

    /**
     * The transport, and its settings that are not the default: "shm", "unix --impl jdk". What a
     * chart's legend calls the line, since a comparison runs one transport under several settings.
     */
    public String name() {
        return nameOf(transport, settings) + (producers > 1 ? " ×" + producers : "");
    }

    /** The transport and its settings, without the producer count: a line of the scaling chart. */
    public String line() {
        return nameOf(transport, settings);
    }

    /** A transport's name with the settings of its run that are not the default, as {@link #name()} writes it. */
    public static String nameOf(String transport, Map<String, String> notDefault) {
        return transport + new java.util.TreeMap<>(notDefault).entrySet().stream()
                .map(e -> " --" + e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining());
    }

    /**
     * The summary of the repeats of one transport at one size (all of the same transport, mode and
     * size), with the settings in which they differ from the transport's defaults.
     */
    public static Summary of(List<RunResult> repeats, Map<String, String> notDefault) {
        RunResult first = repeats.getFirst();
        Latency latency = new Latency(
                (long) median(repeats, r -> r.latencyNanos().min()), (long) median(repeats, r -> r.latencyNanos().p50()),
                (long) median(repeats, r -> r.latencyNanos().p90()), (long) median(repeats, r -> r.latencyNanos().p99()),
                (long) median(repeats, r -> r.latencyNanos().p999()), (long) median(repeats, r -> r.latencyNanos().p9999()),
                (long) median(repeats, r -> r.latencyNanos().max()), median(repeats, r -> r.latencyNanos().mean()));
        return new Summary(first.transport(), first.mode(), first.messageSize(), repeats.size(), latency,
                repeats.stream().mapToLong(r -> r.latencyNanos().p50()).min().orElseThrow(),
                repeats.stream().mapToLong(r -> r.latencyNanos().p50()).max().orElseThrow(),
                new Throughput(median(repeats, r -> r.throughput().messagesPerSecond()),
                        median(repeats, r -> r.throughput().megabytesPerSecond())),
                median(repeats, r -> r.cost().producer().cpuNanosPerMessage()),
                median(repeats, r -> r.cost().consumer().cpuNanosPerMessage()),
                median(repeats, r -> r.cost().producer().voluntarySwitchesPerMessage()),
                median(repeats, r -> r.cost().consumer().voluntarySwitchesPerMessage()), Map.copyOf(notDefault),
                first.producers(), median(repeats, r -> r.fairness().jainIndex()));
    }

    /**
     * The median of a figure over the repeats; of an even number, the lower of the two in the
     * middle: a figure one of the runs had, never the average of two that disagree (2.56 and 60.6 µs
     * would otherwise give 31.6 µs, which no run measured).
     */
    static double median(List<RunResult> runs, ToDoubleFunction<RunResult> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        return values[(values.length - 1) / 2];
    }
}
