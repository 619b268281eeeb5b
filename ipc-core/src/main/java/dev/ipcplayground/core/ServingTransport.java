package dev.ipcplayground.core;

import java.io.PrintStream;
import java.util.Map;

/** A transport that crosses machines: its consumer can run on another host, for {@code launcher serve}. */
public interface ServingTransport extends InterProcessTransport {

    /** Which of {@link #options()} apply to the listening side ({@code launcher serve}). */
    default java.util.List<TransportOption> serveOptions() {
        return java.util.List.of();
    }

    /**
     * Serves producers on other hosts: listens at {@code address}, and for each producer that
     * connects runs the consumer's side of the run it describes, then sends it the result.
     *
     * @param settings this transport's settings for the listening side (e.g. {@code io}), checked
     * @param runs     how many runs to serve before returning; 0 for no limit
     * @param log      one line per run served
     */
    void serve(String address, Map<String, String> settings, long runs, PrintStream log) throws Exception;
}
