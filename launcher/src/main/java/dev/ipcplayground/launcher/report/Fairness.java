package dev.ipcplayground.launcher.report;

import java.util.Arrays;
import java.util.List;

/**
 * How evenly several producers got through ({@code --producers N}): a transport that lets one
 * writer in far more often than another starves it, and that is part of what it costs.
 *
 * <p>Each producer sent its share of the run's messages, so what differs is how fast: its rate is
 * its messages over its own measured time. Jain's fairness index of those rates,
 * (&Sigma;x)&sup2; / (n &middot; &Sigma;x&sup2;), is 1 when all went equally fast and 1/n when one
 * had the transport to itself; the shares say the same per producer, each rate over their sum (1/n
 * each when fair).
 *
 * @param jainIndex          Jain's index of the producers' rates, 1/n to 1
 * @param minShare           the slowest producer's share of the summed rates
 * @param maxShare           the fastest producer's share
 * @param messagesPerSecond  each producer's own rate, in the order of their indexes
 */
public record Fairness(double jainIndex, double minShare, double maxShare, List<Double> messagesPerSecond) {

    public static Fairness of(double[] rates) {
        double sum = Arrays.stream(rates).sum(), squares = Arrays.stream(rates).map(r -> r * r).sum();
        double jain = squares == 0 ? 1 : sum * sum / (rates.length * squares);
        double min = Arrays.stream(rates).min().orElse(0), max = Arrays.stream(rates).max().orElse(0);
        return new Fairness(round(jain), sum == 0 ? 0 : round(min / sum), sum == 0 ? 0 : round(max / sum),
                Arrays.stream(rates).map(Math::round).boxed().map(Double::valueOf).toList());
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
