package dev.ipcplayground.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One process of a run: the consumer, or one of its producers ({@code --producers N}), each a
 * JVM of its own. A run with one producer has exactly the two sides it always had, with the same
 * names and files; with several, producer {@code i} is {@code producer-i} in file names.
 *
 * @param role  consumer or producer
 * @param index which producer, 0 to N - 1; 0 for the consumer
 */
public record Side(Role role, int index) {

    public static final Side CONSUMER = new Side(Role.CONSUMER, 0);

    public Side {
        if (index < 0 || (role == Role.CONSUMER && index != 0)) {
            throw new IllegalArgumentException("no such side: " + role.key() + " " + index);
        }
    }

    public static Side producer(int index) {
        return new Side(Role.PRODUCER, index);
    }

    /** Every side of a run with {@code producers} producers: the consumer first, then each producer. */
    public static List<Side> all(int producers) {
        List<Side> sides = new ArrayList<>(List.of(CONSUMER));
        for (int i = 0; i < producers; i++) {
            sides.add(producer(i));
        }
        return sides;
    }

    /**
     * The side's name in file names and on a child's command line: {@code consumer}, {@code producer}
     * (the first producer, as in a run of one), {@code producer-1}, {@code producer-2} ...
     */
    public String key() {
        return role == Role.PRODUCER && index > 0 ? role.key() + "-" + index : role.key();
    }

    /** The side a {@link #key()} names. */
    public static Side parse(String key) {
        int dash = key.indexOf('-');
        Role role = Role.valueOf((dash < 0 ? key : key.substring(0, dash)).toUpperCase(java.util.Locale.ROOT));
        return new Side(role, dash < 0 ? 0 : Integer.parseInt(key.substring(dash + 1)));
    }

    /** For people, in a run of {@code producers}: "the consumer", "the producer" (of one), "producer 2". */
    public String describe(int producers) {
        return role == Role.CONSUMER || producers == 1 ? "the " + role.key() : "producer " + index;
    }
}
