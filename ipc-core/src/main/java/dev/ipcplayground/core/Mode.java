package dev.ipcplayground.core;

/** The message pattern of a run. */
public enum Mode {
    /** The producer sends message n and waits for the consumer's "200 OK" with n: round trips. */
    PINGPONG,
    /** The producer sends as fast as the transport accepts; the consumer measures one-way latency. */
    STREAM,
    /**
     * Open loop at a fixed rate ({@code --rate}): message n is due at start + n / rate, and is
     * stamped with that intended time, not the time it actually left. A producer held up (by a
     * full queue, a slow peer, a pause) sends late, and the lateness counts in every delayed
     * message's latency: no coordinated omission. The consumer measures one way, as in a stream.
     */
    RATE;

    /** The name users type: {@code pingpong}, {@code stream}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
