package dev.ipcplayground.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many processes the kernel's out-of-memory killer has killed in this process's memory cgroup:
 * {@code oom_kill} in cgroup v2's {@code memory.events}, or in cgroup v1's {@code memory.oom_control}
 * (this kind of machine mounts v1's memory controller). A child killed by SIGKILL that nobody in the
 * run sent: compared before and after, this says whether it was the kernel, which a container's
 * own {@code dmesg} often does not show.
 */
final class OomKills {

    private OomKills() {}

    /** The count now, or -1 where the kernel does not say (cgroup v1, no memory controller). */
    static long now() {
        try {
            List<String> cgroups = Files.readAllLines(Path.of("/proc/self/cgroup"));
            for (String line : cgroups) {
                String[] parts = line.split(":", 3); // "4:memory:/path" (v1) or "0::/path" (v2)
                Path file = parts[1].equals("memory") ? Path.of("/sys/fs/cgroup/memory" + parts[2], "memory.oom_control")
                        : parts[1].isEmpty() ? Path.of("/sys/fs/cgroup" + parts[2], "memory.events") : null;
                if (file != null && Files.isReadable(file)) {
                    long count = count(Files.readAllLines(file));
                    if (count >= 0) {
                        return count;
                    }
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The {@code oom_kill} line of a {@code memory.events} or {@code memory.oom_control} file, or -1 if it has none. */
    static long count(List<String> memoryEvents) {
        return memoryEvents.stream().filter(line -> line.startsWith("oom_kill ")).findFirst()
                .map(line -> Long.parseLong(line.substring("oom_kill ".length()).trim())).orElse(-1L);
    }

    /**
     * What to add to "was killed by signal 9 (SIGKILL)": whether the out-of-memory killer sent it,
     * going by the count before the run and now; nothing where the count cannot be read.
     */
    static String explainKill(long before) {
        return explain(before, now());
    }

    /** The same, from the two counts: -1 where one could not be read. */
    static String explain(long before, long after) {
        if (before < 0 || after < 0) {
            return "";
        }
        return after > before
                ? " by the kernel's out-of-memory killer (this cgroup's oom_kill count: " + before + " -> " + after
                        + "); a smaller --size, or fewer --producers, needs less"
                : " (not by the kernel's out-of-memory killer: this cgroup's oom_kill count stayed " + after + ")";
    }
}
