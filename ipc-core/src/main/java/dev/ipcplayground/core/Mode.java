package dev.ipcplayground.core;

/** The message pattern of a run. */
public enum Mode {
    /** The producer sends message n and waits for the consumer's "200 OK" with n: round trips. */
    PINGPONG,
    /** The producer sends as fast as the transport accepts; the consumer measures one-way latency. */
    STREAM;

    /** The name users type: {@code pingpong}, {@code stream}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
