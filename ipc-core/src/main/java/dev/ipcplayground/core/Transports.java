package dev.ipcplayground.core;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The transports on the class path, found through {@link ServiceLoader}. */
public final class Transports {

    private Transports() {}

    /** All transports, by name. */
    public static List<Transport> all() {
        return ServiceLoader.load(Transport.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Transport::name))
                .toList();
    }

    /**
     * The transport called {@code name}.
     *
     * @throws IllegalArgumentException listing the valid names when there is none
     */
    public static Transport named(String name) {
        List<Transport> all = all();
        return all.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown transport '" + name + "'"
                        + (name.equals("mq") ? " (a message queue is posix-mq, the kernel's POSIX queues, or chronicle, Chronicle Queue's journal)" : "")
                        + "; valid: " + all.stream().map(Transport::name).collect(Collectors.joining(", "))));
    }
}
