package dev.ipcplayground.core;

/** Who starts the consumer JVM. */
public enum Topology {
    /** The launcher starts the consumer, waits until it is ready, then starts the producer. */
    LAUNCHER_STARTS_BOTH,
    /**
     * The launcher starts the producer, which starts the consumer as its own child: the only way
     * to share an anonymous pipe, which is inherited, never opened by name.
     */
    PRODUCER_STARTS_CONSUMER
}
