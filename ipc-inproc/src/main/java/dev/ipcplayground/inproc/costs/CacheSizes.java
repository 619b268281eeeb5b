package dev.ipcplayground.inproc.costs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The working sets of the {@code lat_ctx} sweep, from this machine's own caches as the kernel
 * describes them ({@code /sys/devices/system/cpu/cpu0/cache/index*}): none, half of the L1 data
 * cache, half of L2, half of the last level, and twice the last level, beyond every cache.
 */
final class CacheSizes {

    /** One size of the sweep, and how the report names it: "256 KiB (half of L2)". */
    record Size(long bytes, String label) { }

    private static final long MOST = 256L << 20;

    private CacheSizes() {}

    static List<Size> sweep() {
        return sweep(size(1, "Data"), size(2, "Unified"), size(3, "Unified"));
    }

    /** The sweep for caches of these sizes (0: the kernel names none). */
    static List<Size> sweep(long l1, long l2, long l3) {
        List<Size> sizes = new ArrayList<>(List.of(new Size(0, "0 B")));
        if (l1 > 0) {
            sizes.add(new Size(l1 / 2, kib(l1 / 2) + " (half of L1d)"));
        }
        if (l2 > 0) {
            sizes.add(new Size(l2 / 2, kib(l2 / 2) + " (half of L2)"));
        }
        long last = l3 > 0 ? l3 : l2;
        if (last > 0) {
            String level = l3 > 0 ? "L3" : "L2";
            if (l3 > 0) {
                sizes.add(new Size(l3 / 2, kib(l3 / 2) + " (half of L3)"));
            }
            // Beyond every cache, but at most MOST: a capped size says so, never "twice" a cache it is not twice.
            sizes.add(2 * last <= MOST ? new Size(2 * last, kib(2 * last) + " (twice " + level + ")")
                    : new Size(MOST, kib(MOST) + " (the sweep's most, less than twice " + level + ")"));
        }
        return sizes;
    }

    /** The size in bytes of the cache of this level and type, or 0 if the kernel names none. */
    private static long size(int level, String type) {
        Path caches = Path.of("/sys/devices/system/cpu/cpu0/cache");
        try (var entries = Files.list(caches)) {
            for (Path index : entries.filter(p -> p.getFileName().toString().startsWith("index")).toList()) {
                if (read(index, "level").equals(Integer.toString(level)) && read(index, "type").equals(type)) {
                    String size = read(index, "size").toUpperCase(Locale.ROOT);
                    long number = Long.parseLong(size.replaceAll("\\D", ""));
                    return size.endsWith("M") ? number << 20 : size.endsWith("K") ? number << 10 : number;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0; // no cache description here (a container, another kernel): the sweep is shorter
        }
        return 0;
    }

    private static String read(Path index, String file) throws IOException {
        return Files.readString(index.resolve(file)).trim();
    }

    private static String kib(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
