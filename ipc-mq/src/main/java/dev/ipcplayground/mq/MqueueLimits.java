package dev.ipcplayground.mq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's limits on POSIX queues, from {@code /proc/sys/fs/mqueue}: the deepest queue and
 * the largest message an unprivileged process may create (root may exceed them; we do not).
 */
record MqueueLimits(long maxDepth, long maxMessageBytes) {

    static final Path DIR = Path.of("/proc/sys/fs/mqueue");

    static MqueueLimits read() {
        return new MqueueLimits(value("msg_max", 10), value("msgsize_max", 8192));
    }

    private static long value(String name, long fallback) {
        try {
            // Not Files.readString: procfs reports size 0, and readString then returns one byte.
            return Long.parseLong(Files.readAllLines(DIR.resolve(name)).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return fallback; // the kernel's defaults
        }
    }
}
