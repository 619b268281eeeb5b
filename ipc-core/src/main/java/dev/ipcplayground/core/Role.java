package dev.ipcplayground.core;

/** The two sides of a run, each its own JVM. */
public enum Role {
    PRODUCER, CONSUMER;

    /** The name used in file names, messages and the JSON document: {@code producer}, {@code consumer}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public Role peer() {
        return this == PRODUCER ? CONSUMER : PRODUCER;
    }
}
