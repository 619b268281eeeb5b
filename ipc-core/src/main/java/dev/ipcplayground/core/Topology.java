package dev.ipcplayground.core;

/** Who starts the consumer JVM. */
public enum Topology {
    /** The launcher starts the consumer, waits until it is ready, then starts the producer. */
    LAUNCHER_STARTS_BOTH,
    /**
     * The launcher starts the producer, which starts the consumer as its own child: the only way
     * to share an anonymous pipe, which is inherited, never opened by name.
     */
    PRODUCER_STARTS_CONSUMER,
    /**
     * The launcher starts the consumer, which starts every producer as its own child: how many
     * producers share one anonymous pipe, whose only reader is their parent.
     */
    CONSUMER_STARTS_PRODUCERS,
    /**
     * No process boundary: the launcher starts one JVM, in which both sides run (as two threads,
     * or less). For comparison with the inter-process transports; see {@link InProcessTransport}.
     */
    IN_PROCESS,
    /**
     * The consumer runs on another host, started there with {@code launcher serve}: the launcher
     * starts only the producer, which sends the consumer the run's spec first and brings back the
     * consumer's result last.
     */
    CONSUMER_ELSEWHERE
}
