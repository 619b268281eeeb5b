package dev.ipcplayground.core;

/**
 * What the consumer found in the messages it received. A run is trusted only when
 * {@link #clean()}: every expected message arrived once, in order, intact.
 *
 * @param received     frames received (intact or not), the end marker not counted
 * @param lost         messages that never arrived intact (a corrupt one counts here too: its
 *                     sequence number cannot be trusted, so its slot stays empty)
 * @param duplicated   messages that arrived more than once (the extra copies)
 * @param reordered    messages that arrived after a later one
 * @param corrupt      frames whose CRC32C, length or payload was wrong
 * @param firstProblem the first fault seen, in words, or {@code ""} when there was none
 */
public record Verification(long received, long lost, long duplicated, long reordered, long corrupt,
                           String firstProblem) {

    /** Several senders' checks as one: the counts added, the first problem of the first that had one. */
    public static Verification sum(java.util.List<Verification> each) {
        long received = 0, lost = 0, duplicated = 0, reordered = 0, corrupt = 0;
        String first = "";
        for (Verification v : each) {
            received += v.received;
            lost += v.lost;
            duplicated += v.duplicated;
            reordered += v.reordered;
            corrupt += v.corrupt;
            first = first.isEmpty() ? v.firstProblem : first;
        }
        return new Verification(received, lost, duplicated, reordered, corrupt, first);
    }

    public boolean clean() {
        return lost == 0 && duplicated == 0 && reordered == 0 && corrupt == 0;
    }

    /** "2 lost, 1 corrupt (first: message 17: CRC32C mismatch)", for the failure message. */
    public String problems() {
        StringBuilder s = new StringBuilder();
        append(s, lost, "lost");
        append(s, duplicated, "duplicated");
        append(s, reordered, "reordered");
        append(s, corrupt, "corrupt");
        return s.isEmpty() ? "none" : s + " (first: " + firstProblem + ")";
    }

    private static void append(StringBuilder s, long n, String what) {
        if (n != 0) {
            s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(what);
        }
    }
}
